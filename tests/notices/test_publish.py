import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.db import transaction

from apps.notices import events
from apps.notices.models import Channel, Event, Notice, NoticeStatus, NotificationPreference
from apps.notices.services import event_publish, fanout
from tests.factories import UserFactory

from .factories import make_followers, set_pref

pytestmark = pytest.mark.django_db


def publish(recipients, **kwargs):
    subject = kwargs.pop("subject", None) or UserFactory()
    return event_publish(
        kind=kwargs.pop("kind", events.PROJECT_PROGRESS), subject=subject, recipients=recipients,
        context=kwargs.pop("context", {"title": "老旧小区改造", "title_en": "Old estate renewal", "percent": 45.0}),
        link="/projects/1/", **kwargs,
    )


def channels_of(user):
    return sorted(Notice.objects.filter(recipient=user).values_list("channel", flat=True))


def test_one_notice_per_chosen_channel():
    plain = UserFactory(email="")
    emailer = UserFactory()
    texter = UserFactory(phone="13912345678")
    set_pref(texter, Channel.SMS, "immediately")
    quiet = UserFactory()
    set_pref(quiet, Channel.EMAIL, "off")
    inactive = UserFactory(is_active=False)
    event = publish([plain.pk, emailer.pk, texter.pk, quiet.pk, inactive.pk])

    assert channels_of(plain) == ["in_app"]
    assert channels_of(emailer) == ["email", "in_app"]
    assert channels_of(texter) == ["email", "in_app", "sms"]
    assert channels_of(quiet) == ["in_app"]
    assert channels_of(inactive) == []
    assert Notice.objects.filter(event=event, channel=Channel.IN_APP, status=NoticeStatus.SENT).count() == 4


def test_digest_frequency_holds_the_notice():
    daily = UserFactory()
    set_pref(daily, Channel.EMAIL, "daily")
    publish([daily.pk])
    notice = Notice.objects.get(recipient=daily, channel=Channel.EMAIL)
    assert (notice.status, notice.frequency) == (NoticeStatus.HELD, "daily")


def test_recipients_as_queryset_of_users_of_ids_or_iterable():
    users = [UserFactory() for _ in range(3)]
    User = get_user_model()
    e1 = publish(User.objects.filter(pk__in=[u.pk for u in users]))
    e2 = publish(User.objects.filter(pk__in=[u.pk for u in users]).values_list("pk", flat=True))
    e3 = publish(iter([u.pk for u in users] + [users[0].pk]))  # a duplicate is harmless
    for event in (e1, e2, e3):
        assert Notice.objects.filter(event=event, channel=Channel.IN_APP).count() == 3
        assert Notice.objects.filter(event=event, channel=Channel.EMAIL).count() == 3


def test_recipients_of_another_model_are_refused():
    with pytest.raises(TypeError):
        publish(Event.objects.all())


def test_fanout_again_adds_nothing(settings):
    settings.NOTICES_FANOUT_CHUNK = 7
    ids = make_followers(20)
    event = publish(ids)
    assert Notice.objects.filter(event=event).count() == 40
    assert fanout(event=event, recipient_ids=iter(ids)) == 0
    assert Notice.objects.filter(event=event).count() == 40


def test_rolled_back_change_leaves_no_event_and_sends_nothing(django_capture_on_commit_callbacks):
    user = UserFactory()
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        publish([user.pk])
        raise RuntimeError("the domain change failed")
    assert callbacks == []
    assert not Event.objects.exists()
    assert not Notice.objects.exists()
    assert mail.outbox == []


def test_delivery_waits_for_commit(django_capture_on_commit_callbacks):
    user = UserFactory()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        publish([user.pk])
    assert Notice.objects.get(channel=Channel.EMAIL).status == NoticeStatus.CREATED
    assert mail.outbox == []
    assert len(callbacks) == 1


def test_preferences_default_when_no_row():
    user = UserFactory(phone="13912345678")
    assert not NotificationPreference.objects.filter(user=user).exists()
    publish([user.pk])
    assert channels_of(user) == ["email", "in_app"]  # SMS is off unless chosen
