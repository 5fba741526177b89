"""The notices' copies of their texts are deleted after the retention period (issue 18 item 13)."""

import datetime as dt

import pytest
from django.utils import timezone

from apps.notices import events
from apps.notices.models import ContactCodeSent, Event, Notice, NoticeStatus
from apps.notices.services import event_publish, notices_delete_expired
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def publish(recipients, *, age_days: int):
    event = event_publish(kind=events.PROJECT_PROGRESS, subject="projects.project:1", recipients=recipients,
                          context={"title": "老旧小区改造", "title_en": "Old estate renewal", "percent": 45.0,
                                   "note": "第三期完工"}, link="/projects/1/")
    when = timezone.now() - dt.timedelta(days=age_days)
    Event.objects.filter(pk=event.pk).update(created_at=when)
    Notice.objects.filter(event=event).update(created_at=when)
    return event


def test_notices_and_their_texts_go_after_the_retention_period(settings):
    settings.NOTICES_RETENTION_DAYS = 365
    user = UserFactory()
    old = publish([user.pk], age_days=400)
    recent = publish([user.pk], age_days=30)
    Notice.objects.filter(event=old, channel="email").update(status=NoticeStatus.SENT)

    result = notices_delete_expired()
    assert result["notices"] == 2 and result["events"] == 1
    assert not Event.objects.filter(pk=old.pk).exists()  # the context (the texts) with it
    assert Notice.objects.filter(event=recent).count() == 2
    assert notices_delete_expired() == {"notices": 0, "events": 0, "codes": 0}  # idempotent


def test_a_notice_still_to_be_sent_is_kept_with_its_event(settings):
    settings.NOTICES_RETENTION_DAYS = 30
    user = UserFactory()
    old = publish([user.pk], age_days=60)
    Notice.objects.filter(event=old, channel="email").update(status=NoticeStatus.FAILED_TEMPORARY)
    result = notices_delete_expired()
    assert result == {"notices": 1, "events": 0, "codes": 0}  # the in-app copy only
    assert Event.objects.filter(pk=old.pk).exists()
    assert list(Notice.objects.filter(event=old).values_list("channel", flat=True)) == ["email"]


def test_old_verification_code_records_go_too(settings):
    user = UserFactory()
    ContactCodeSent.objects.create(user=user, channel="email", address_hash="a" * 64,
                                   sent_at=timezone.now() - dt.timedelta(hours=2))
    ContactCodeSent.objects.create(user=user, channel="email", address_hash="a" * 64)
    assert notices_delete_expired()["codes"] == 1
    assert ContactCodeSent.objects.count() == 1


def test_the_retention_job_runs_nightly():
    from apps.notices.beat import SCHEDULE

    assert SCHEDULE["notices-retention"]["task"] == "notices.retention"
    from apps.notices import tasks

    assert tasks.delete_expired.name == "notices.retention"
