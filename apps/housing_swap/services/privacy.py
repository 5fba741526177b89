"""Personal data: reveal with a reason (audited), CSV export (masked unless the user may
reveal), and the retention job that anonymises rejected and withdrawn applications."""

import csv
import datetime as dt
import io
import logging

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.core.spreadsheet import spreadsheet_cell

from .. import masks
from ..models import Application, ApplicationEvent, AuditAction, AuditLog, Status
from .duties import conflict_check

logger = logging.getLogger(__name__)

REVEAL_PERM = "housing_swap.reveal_personal_data"
EXPORT_PERM = "housing_swap.export_applications"
DEFAULT_RETENTION_DAYS = 365
DEFAULT_COMPLETED_RETENTION_DAYS = 5 * 365
DEFAULT_DRAFT_RETENTION_DAYS = 30


def audit_write(*, actor, action: str, target: str, reason: str = "", application: Application | None = None) -> AuditLog:
    return AuditLog.objects.create(actor=actor, action=action, target=target[:200], reason=reason, application=application)


@transaction.atomic
def personal_data_reveal(*, application: Application, actor, reason: str) -> dict:
    """The clear ID, certificate and phone numbers, for a user with the reveal permission
    who gives a reason. Every reveal is an audit row."""
    if not actor.has_perm(REVEAL_PERM):
        raise PermissionDenied
    reason = (reason or "").strip()
    if len(reason) < 5:
        raise ValidationError({"reason": [_("Say why you need to see the full numbers (at least 5 characters).")]})
    conflict_check(application=application, actor=actor)
    audit_write(
        actor=actor, action=AuditAction.REVEAL, application=application, reason=reason,
        target=f"{application.reference}: {', '.join(masks.REVEALED)}",
    )
    return {field: getattr(application, field) for field in masks.REVEALED}


EXPORT_COLUMNS = [
    "reference", "round", "status", "submitted_at", "applicant_name", "id_number", "phone",
    "is_proxy", "old_home_district", "old_home_address", "old_home_certificate_no",
    "old_home_area_m2", "household_size", "desired_project", "valuation_amount", "assigned_reviewer",
]


@transaction.atomic
def applications_export_csv(*, queryset, actor, reason: str = "", unmasked: bool = False) -> str:
    """CSV of ``queryset``, personal numbers masked. ``unmasked`` (a user who may reveal,
    giving a reason of at least 5 characters) writes them in full; either way the export is
    an audit row. Cells a spreadsheet would run as a formula are quoted, as in the back
    office's exports."""
    if not actor.has_perm(EXPORT_PERM):
        raise PermissionDenied
    reason = (reason or "").strip()
    if unmasked:
        if not actor.has_perm(REVEAL_PERM):
            raise PermissionDenied
        if len(reason) < 5:
            raise ValidationError({"reason": [_("Say why you need the full numbers (at least 5 characters).")]})
    rows = queryset.select_related("round", "desired_project", "assigned_reviewer").order_by("pk")
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(EXPORT_COLUMNS)

    def personal(app, field):
        return getattr(app, field) if unmasked else masks.masked(app, field)

    count = 0
    for app in rows:
        count += 1
        writer.writerow([spreadsheet_cell(value) for value in (
            app.reference, app.round.number, app.status,
            timezone.localtime(app.submitted_at).isoformat() if app.submitted_at else "",
            personal(app, "applicant_name"), personal(app, "id_number"), personal(app, "phone"),
            int(app.is_proxy), app.old_home_district,
            personal(app, "old_home_address"), personal(app, "old_home_certificate_no"),
            app.old_home_area_m2 or "", app.household_size or "",
            app.desired_project.name if app.desired_project else "",
            app.valuation_amount or "",
            app.assigned_reviewer.username if app.assigned_reviewer else "",
        )])
    audit_write(
        actor=actor, action=AuditAction.EXPORT,
        target=f"{count} applications, {'unmasked' if unmasked else 'masked'}",
        reason=reason or "CSV export",
    )
    return out.getvalue()


def retention_days() -> int:
    return int(getattr(settings, "HOUSING_SWAP_RETENTION_DAYS", DEFAULT_RETENTION_DAYS))


def completed_retention_days() -> int:
    """How long a completed file keeps its personal data (the purchase can be contested)."""
    return int(getattr(settings, "HOUSING_SWAP_COMPLETED_RETENTION_DAYS", DEFAULT_COMPLETED_RETENTION_DAYS))


def draft_retention_days() -> int:
    return int(getattr(settings, "HOUSING_SWAP_DRAFT_RETENTION_DAYS", DEFAULT_DRAFT_RETENTION_DAYS))


def applications_anonymise_expired(*, now: dt.datetime | None = None, days: int | None = None) -> int:
    """Anonymise closed applications past their retention period: rejected and withdrawn
    ones whose status changed more than ``days`` ago (``HOUSING_SWAP_RETENTION_DAYS``,
    default 365), completed ones after ``HOUSING_SWAP_COMPLETED_RETENTION_DAYS`` (default
    5 years; amounts and vouchers stay for the ledger). Idempotent."""
    now = now or timezone.now()
    days = retention_days() if days is None else days
    before = now - dt.timedelta(days=days)
    completed_before = now - dt.timedelta(days=completed_retention_days())
    count = 0
    due = Application.objects.due_for_anonymisation(before, completed_before)
    for pk in due.values_list("pk", flat=True).iterator():
        if application_anonymise(application_id=pk, now=now):
            count += 1
    logger.info("housing_swap retention: %s applications anonymised", count)
    return count


def drafts_delete_abandoned(*, now: dt.datetime | None = None, days: int | None = None) -> int:
    """Delete drafts untouched for ``days`` (``HOUSING_SWAP_DRAFT_RETENTION_DAYS``, default
    30): never submitted, they are kept for nothing. Their files go after the commit; each
    deletion is an audit row (reference only). Idempotent."""
    now = now or timezone.now()
    days = draft_retention_days() if days is None else days
    before = now - dt.timedelta(days=days)
    count = 0
    for pk in Application.objects.abandoned_drafts(before).values_list("pk", flat=True).iterator():
        if _draft_delete(application_id=pk, before=before, days=days):
            count += 1
    logger.info("housing_swap retention: %s abandoned drafts deleted", count)
    return count


@transaction.atomic
def _draft_delete(*, application_id: int, before: dt.datetime, days: int) -> bool:
    application = Application.objects.select_for_update().filter(
        pk=application_id, status=Status.DRAFT, updated_at__lt=before).first()
    if application is None:  # submitted or edited meanwhile
        return False
    draft_remove(application=application, reason=f"draft untouched for {days} days")
    return True


def draft_remove(*, application: Application, reason: str) -> None:
    """Delete a draft (locked by the caller's transaction) with its documents, whose files go
    after the commit; an audit row keeps the reference and ``reason`` only."""
    for document in application.documents.all():
        name, storage = document.file.name, document.file.storage
        transaction.on_commit(lambda n=name, s=storage: s.delete(n))
    reference = application.reference
    application.documents.all().delete()
    application.delete()
    audit_write(actor=None, action=AuditAction.ANONYMISE, target=f"{reference} (draft deleted)", reason=reason)


@transaction.atomic
def application_anonymise(*, application_id: int, now: dt.datetime | None = None) -> bool:
    application = Application.objects.select_for_update().filter(pk=application_id).first()
    if application is None or application.anonymised_at or application.status not in Status.CLOSED:
        return False
    now = now or timezone.now()
    for document in application.documents.all():
        name, storage = document.file.name, document.file.storage
        transaction.on_commit(lambda n=name, s=storage: s.delete(n))
    application.documents.all().delete()
    application.members.all().delete()
    application.internal_notes.all().delete()
    ApplicationEvent.objects.filter(application=application).update(public_note="", internal_note="")
    application.applicant_name = ""
    application.id_number = ""
    application.id_number_hash = ""
    application.phone = ""
    application.proxy_name = ""
    application.proxy_relationship = ""
    application.proxy_id_number = ""
    application.proxy_id_number_hash = ""
    application.old_home_address = ""
    application.old_home_certificate_no = ""
    application.old_home_certificate_hash = ""
    application.consent_text = ""
    application.decision_reason = ""
    application.anonymised_at = now
    application.save()
    days = completed_retention_days() if application.status == Status.COMPLETED else retention_days()
    audit_write(actor=None, action=AuditAction.ANONYMISE, application=application,
                target=application.reference, reason=f"retention period of {days} days")
    return True
