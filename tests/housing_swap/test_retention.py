"""Issue 18 item 13 (housing part): abandoned drafts go after 30 days, closed applications
(completed too) are anonymised past their period; by the beat job and the command."""

import datetime as dt
import os

from django.core.management import call_command
from django.utils import timezone

from apps.housing_swap import services
from apps.housing_swap.beat import SCHEDULE
from apps.housing_swap.models import Application, AuditLog, Status

from .factories import VALID_ID
from .test_workflow import advance


def _touch(application, days):
    Application.objects.filter(pk=application.pk).update(updated_at=timezone.now() - dt.timedelta(days=days))


def test_abandoned_drafts_are_deleted_after_30_days(user, open_round, png_upload, django_capture_on_commit_callbacks):
    old = services.application_create_draft(round_=open_round, applicant=user, is_proxy=True)
    services.application_save_draft(application=old, data={"applicant_name": "李四", "id_number": VALID_ID})
    services.document_upload(application=old, kind="id_card", upload=png_upload, actor=user)
    path = old.documents.get().file.path
    recent = services.application_create_draft(round_=open_round, applicant=user, is_proxy=True)
    _touch(old, 31)
    _touch(recent, 29)
    with django_capture_on_commit_callbacks(execute=True):
        assert services.drafts_delete_abandoned() == 1
    assert not Application.objects.filter(pk=old.pk).exists()
    assert Application.objects.filter(pk=recent.pk).exists()
    assert not os.path.exists(path)
    entry = AuditLog.objects.get(action="anonymise")
    assert entry.target == f"{old.reference} (draft deleted)" and "李四" not in entry.target + entry.reason
    assert services.drafts_delete_abandoned() == 0  # idempotent


def test_a_submitted_application_is_never_taken_for_a_draft(application):
    _touch(application, 400)
    assert services.drafts_delete_abandoned() == 0
    assert Application.objects.filter(pk=application.pk).exists()


def test_completed_applications_are_anonymised_past_their_period(application, reviewer, settings):
    advance(application, reviewer, Status.UNDER_REVIEW, Status.APPRAISAL_SCHEDULED, Status.APPRAISED, Status.APPROVED,
            Status.CONTRACT_SIGNED, Status.COMPLETED)
    settings.HOUSING_SWAP_COMPLETED_RETENTION_DAYS = 100
    Application.objects.filter(pk=application.pk).update(status_changed_at=timezone.now() - dt.timedelta(days=99))
    assert services.applications_anonymise_expired() == 0
    Application.objects.filter(pk=application.pk).update(status_changed_at=timezone.now() - dt.timedelta(days=101))
    assert services.applications_anonymise_expired() == 1
    application.refresh_from_db()
    assert application.id_number == "" and application.anonymised_at is not None
    assert application.valuation_amount and application.vouchers.exists()  # the ledger keeps its amounts
    assert AuditLog.objects.filter(action="anonymise", reason="retention period of 100 days").exists()


def test_command_and_beat_job_cover_drafts(user, open_round, capsys):
    draft = services.application_create_draft(round_=open_round, applicant=user)
    _touch(draft, 40)
    call_command("housing_swap_retention", "--dry-run")
    assert "1 abandoned drafts would be deleted" in capsys.readouterr().out
    call_command("housing_swap_retention")
    assert "1 abandoned drafts deleted" in capsys.readouterr().out
    assert not Application.objects.filter(pk=draft.pk).exists()
    from portal.celery import app

    app.loader.import_default_modules()  # the tasks modules, as a worker or beat imports them
    app.finalize()
    entry = SCHEDULE["housing-swap-abandoned-drafts"]
    assert entry["task"] in app.tasks
    assert app.tasks[entry["task"]].apply().get() == 0
