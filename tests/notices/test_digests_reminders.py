import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.utils import timezone

from apps.notices import events, reminders, services
from apps.notices.models import Channel, Event, Notice, NoticeStatus
from apps.notices.services.digests import period_key
from tests.factories import UserFactory

from .factories import set_pref

pytestmark = pytest.mark.django_db


@pytest.fixture
def deliver(django_capture_on_commit_callbacks):
    def run(func, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return func(**kwargs)
    return run


def progress(user_ids, title):
    services.event_publish(
        kind=events.PROJECT_PROGRESS, subject="projects.progressupdate:1", recipients=user_ids,
        context={"title": title, "percent": 10}, link="/projects/1/",
    )


def test_daily_digest_one_email_each_notice_delivered_once(deliver):
    daily, weekly, instant = UserFactory(), UserFactory(), UserFactory()
    set_pref(daily, Channel.EMAIL, "daily")
    set_pref(weekly, Channel.EMAIL, "weekly")
    deliver(progress, user_ids=[daily.pk, weekly.pk, instant.pk], title="项目甲")
    deliver(progress, user_ids=[daily.pk, weekly.pk, instant.pk], title="项目乙")
    assert [m.to[0] for m in mail.outbox] == [instant.email, instant.email]
    mail.outbox.clear()

    assert deliver(services.digest_send, frequency="daily") == 1
    [digest] = mail.outbox
    assert digest.to == [daily.email] and "2" in digest.subject
    assert "项目甲" in digest.body and "项目乙" in digest.body and "/notices/unsubscribe/" in digest.body
    held = Notice.objects.filter(recipient=daily, channel=Channel.EMAIL, frequency="daily")
    assert set(held.values_list("status", flat=True)) == {NoticeStatus.SENT}
    digest_notice = Notice.objects.get(recipient=daily, event__kind=events.DIGEST)
    assert set(held.values_list("digest_id", flat=True)) == {digest_notice.pk}

    # the job re-run (or re-delivered) the same day: nothing more
    assert deliver(services.digest_send, frequency="daily") == 0
    assert len(mail.outbox) == 1
    # the weekly one has its own digest
    assert deliver(services.digest_send, frequency="weekly") == 1
    assert mail.outbox[-1].to == [weekly.email]


def test_notice_arriving_after_the_digest_waits_for_the_next(deliver):
    daily = UserFactory()
    set_pref(daily, Channel.EMAIL, "daily")
    deliver(progress, user_ids=[daily.pk], title="项目甲")
    deliver(services.digest_send, frequency="daily")
    deliver(progress, user_ids=[daily.pk], title="项目丙")
    deliver(services.digest_send, frequency="daily")  # same day: the digest is already out
    late = Notice.objects.get(recipient=daily, channel=Channel.EMAIL, event__context__title="项目丙")
    assert (late.status, late.digest_id) == (NoticeStatus.HELD, None)
    tomorrow = timezone.now() + dt.timedelta(days=1)
    deliver(services.digest_send, frequency="daily", now=tomorrow)
    late.refresh_from_db()
    assert late.status == NoticeStatus.SENT
    assert len(mail.outbox) == 2


def test_period_keys():
    at = dt.datetime(2024, 12, 30, 20, 0, tzinfo=dt.UTC)  # already 31 Dec in Beijing
    assert period_key("daily", at) == "2024-12-31"
    assert period_key("weekly", at) == "2025-W01"


def test_reminder_hook_publishes_once_a_day(deliver):
    reviewer = UserFactory()

    def waiting(*, now):
        return get_user_model().objects.filter(pk=reviewer.pk), {"count": 3, "days": 7}, "/admin/"

    reminders.register(waiting)
    try:
        assert deliver(reminders.reminders_send) == 1
        assert deliver(reminders.reminders_send) == 1  # re-run: same event, no second notice
    finally:
        reminders.unregister(waiting)
    assert Event.objects.filter(kind=events.APPLICATION_REVIEW_REMINDER).count() == 1
    assert Notice.objects.filter(recipient=reviewer).count() == 2  # in-app + email
    [message] = mail.outbox
    assert "3" in message.subject


def test_reminder_provider_with_nothing_to_say():
    def nothing(*, now):
        return None

    reminders.register(nothing, kind=events.APPLICATION_REVIEW_REMINDER)
    try:
        assert reminders.reminders_send() == 0
    finally:
        reminders.unregister(nothing)


def test_beat_schedule_has_the_jobs():
    from portal.celery import app

    app.loader.import_default_modules()
    app.finalize()
    schedule = app.conf.beat_schedule
    assert schedule["notices-sweep"]["task"] == "notices.sweep"
    assert {"notices-digest-daily", "notices-digest-weekly", "notices-reminders"} <= set(schedule)
    assert set(app.tasks) >= {"notices.deliver", "notices.sweep", "notices.digest", "notices.reminders"}
