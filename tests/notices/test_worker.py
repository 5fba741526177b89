"""The delivery promise with real components: PostgreSQL, Redis and a real
``celery -A portal worker`` subprocess (see worker.py). Each test waits by polling a
condition with a generous timeout."""

from collections import Counter

import pytest
from django.core import mail
from django.db.models import Count

from apps.notices import events, services, tasks
from apps.notices.models import Channel, Notice, NoticeStatus
from apps.notices.sms import LocalSMSBackend
from portal.celery import app as celery_app
from tests.factories import verify_contacts

from .factories import make_followers, set_pref
from .worker import broker, emails_in, wait_until

real = [
    pytest.mark.postgres, pytest.mark.redis, pytest.mark.worker, pytest.mark.slow,
    pytest.mark.django_db(transaction=True),
]


def publish(prefix_or_ids, **kwargs):
    from django.contrib.auth import get_user_model

    recipients = (
        get_user_model().objects.filter(username__startswith=prefix_or_ids)
        if isinstance(prefix_or_ids, str) else prefix_or_ids
    )
    return services.event_publish(
        kind=events.PROJECT_PROGRESS, subject="projects.progressupdate:test", recipients=recipients,
        context={"title": "老旧小区改造", "title_en": "Old estate renewal", "percent": 50}, link="/projects/1/",
        **kwargs,
    )


def assert_exactly_once(event, follower_ids, email_dir):
    per_channel = dict(
        Notice.objects.filter(event=event).values_list("channel").annotate(n=Count("id")).values_list("channel", "n")
    )
    assert per_channel == {Channel.IN_APP: len(follower_ids), Channel.EMAIL: len(follower_ids)}
    doubled = (
        Notice.objects.filter(event=event).values("recipient_id", "channel").annotate(n=Count("id")).filter(n__gt=1)
    )
    assert not doubled.exists()
    assert set(Notice.objects.filter(event=event).values_list("recipient_id", flat=True)) == set(follower_ids)
    assert not Notice.objects.filter(event=event).exclude(status=NoticeStatus.SENT).exists()
    messages = [m for m in emails_in(email_dir) if m["X-Portal-Notice"]]
    per_address = Counter(m["To"] for m in messages)
    assert len(per_address) == len(follower_ids)
    assert set(per_address.values()) == {1}, per_address.most_common(3)


def _real(func):
    for mark in reversed(real):
        func = mark(func)
    return func


@_real
def test_sigkill_mid_fanout_then_restart_delivers_each_notice_exactly_once(celery_worker_factory, settings):
    follower_ids = make_followers(1000, prefix="kill")
    slow = {"EMAIL_BACKEND": "tests.notices.backends.SlowFileEmailBackend", "NOTICES_TEST_SEND_DELAY": "0.004"}
    worker = celery_worker_factory(**slow)
    event = publish("kill")  # commits; delivery queued on commit: 10 tasks of 100 ids
    emails = Notice.objects.filter(event=event, channel=Channel.EMAIL)
    assert emails.count() == 1000

    wait_until(lambda: emails.filter(status=NoticeStatus.SENT).count() >= 150, what="the first emails")
    worker.kill()
    sent_before = emails.filter(status=NoticeStatus.SENT).count()
    assert sent_before < 1000, "the worker finished before it was killed; nothing was tested"

    celery_worker_factory(**slow)
    # what beat does every minute, with a short lease for the test
    settings.NOTICES_SENDING_LEASE_SECONDS = 2
    settings.NOTICES_SWEEP_AFTER_SECONDS = 1

    def all_sent():
        services.notices_sweep()
        return not emails.exclude(status=NoticeStatus.SENT).exists()

    wait_until(all_sent, timeout=240, interval=1, what="every email to be sent after the restart")
    assert_exactly_once(event, follower_ids, celery_worker_factory.email_dir)


@_real
def test_broker_down_request_succeeds_and_sweeper_delivers_later(
    celery_worker_factory, private_redis, client, settings
):
    private_redis.start()
    worker = celery_worker_factory(broker_url=private_redis.url, NOTICES_SWEEP_AFTER_SECONDS="0")
    follower_ids = make_followers(30, prefix="down")
    private_redis.stop()

    settings.ROOT_URLCONF = "tests.notices.urls"
    with broker(private_redis.url):
        response = client.post("/test/post-update/", {"followers": "down"})
    assert response.status_code == 201
    event_id = response.json()["event"]
    emails = Notice.objects.filter(event_id=event_id, channel=Channel.EMAIL)
    assert emails.count() == 30
    assert set(emails.values_list("status", flat=True)) == {NoticeStatus.CREATED}  # waiting

    private_redis.start()  # the same port again
    with broker(private_redis.url):
        wait_until(worker.ready, timeout=120, interval=1, what="the worker to reconnect")

        def delivered():
            tasks.sweep.delay()  # the beat entry "notices-sweep", run by the worker
            return not emails.exclude(status=NoticeStatus.SENT).exists()

        wait_until(delivered, timeout=180, interval=2, what="the sweeper to deliver")
    from apps.notices.models import Event

    assert_exactly_once(Event.objects.get(pk=event_id), follower_ids, celery_worker_factory.email_dir)


@_real
def test_channel_failing_twice_then_succeeding_one_delivery_three_attempts(celery_worker_factory, settings):
    from tests.factories import UserFactory

    user = UserFactory(username="flaky", phone="13900000009")
    set_pref(user, Channel.SMS, "immediately")
    celery_worker_factory(SMS_BACKEND="tests.notices.backends.FlakySMSBackend", NOTICES_RETRY_BASE_SECONDS="0.5")
    event = publish([user.pk])
    sms = Notice.objects.get(event=event, channel=Channel.SMS)
    wait_until(
        lambda: Notice.objects.filter(pk=sms.pk, status=NoticeStatus.SENT).exists(), timeout=120,
        what="the SMS to go through on its third attempt",
    )
    sms.refresh_from_db()
    assert sms.attempts == 3
    assert "simulated failure 2" in sms.last_error
    lines = LocalSMSBackend(settings.SMS_FILE_PATH).messages()
    assert [line["reference"] for line in lines] == [f"notice-{sms.pk}"]


@pytest.mark.django_db(transaction=True)
def test_eager_mode_delivers_the_same_notices_in_process(settings):
    """No REDIS_URL: settings make Celery eager, so delivery runs in the request's process
    right after commit (the autouse fixture forces the same here)."""
    assert celery_app.conf.task_always_eager
    follower_ids = make_followers(40, prefix="eager")
    texter = follower_ids[0]
    from django.contrib.auth import get_user_model

    get_user_model().objects.filter(pk=texter).update(phone="13912345678")
    verify_contacts([texter])
    set_pref(get_user_model().objects.get(pk=texter), Channel.SMS, "immediately")
    event = publish("eager")
    notices = Notice.objects.filter(event=event)
    assert notices.filter(channel=Channel.IN_APP).count() == 40
    assert notices.filter(channel=Channel.EMAIL).count() == 40
    assert notices.filter(channel=Channel.SMS).count() == 1
    assert set(notices.values_list("status", flat=True)) == {NoticeStatus.SENT}
    assert sorted(m.to[0] for m in mail.outbox) == sorted(f"eager{i}@example.com" for i in range(40))
    assert len(LocalSMSBackend(settings.SMS_FILE_PATH).messages()) == 1
