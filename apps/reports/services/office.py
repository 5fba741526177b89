"""What officials do in the back office besides status changes (``handling``): answer
without a status change, transfer to an operator, see the reporter's contact (audited); what
a facility's operator may do through its API; and the audit hook for unmasked exports."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from .. import operators
from ..models import Report, ReportAudit, ReportEvent, Status
from . import notify
from .handling import MAX_ANSWER, TRANSFER_PERM, _locked_in_scope, apply_transition

REVEAL_PERM = "reports.reveal_contact"
# what an operator may do through its API: never close or transfer (the district decides)
OPERATOR_STATUSES = (Status.ACKNOWLEDGED, Status.IN_PROGRESS, Status.RESOLVED)


def _reason(value: str, field: str = "reason") -> str:
    value = (value or "").strip()
    if len(value) < 5:
        raise ValidationError({field: [_("Give a reason of at least 5 characters.")]})
    return value


@transaction.atomic
def report_answer(*, report: Report, actor, public_answer: str, internal_note: str = "",
                  now: dt.datetime | None = None) -> Report:
    """A public answer without closing: a submitted report becomes "acknowledged" by it (the
    first answer is the 12345 response); otherwise the answer is added to the trail."""
    now = now or timezone.now()
    report = _locked_in_scope(report, actor)
    public_answer = (public_answer or "").strip()
    if len(public_answer) < 5:
        raise ValidationError({"public_answer": [_("Write the answer (at least 5 characters).")]})
    if len(public_answer) > MAX_ANSWER:
        raise ValidationError({"public_answer": [_("Keep the answer under 2000 characters.")]})
    if not report.is_open:
        raise ValidationError({"status": [_("This report is closed.")]})
    if report.status == Status.SUBMITTED:
        return apply_transition(report=report, to_status=Status.ACKNOWLEDGED, actor=actor,
                                public_answer=public_answer, internal_note=internal_note, now=now)
    report.public_answer = public_answer
    report.updated_at = now
    report.save(update_fields=["public_answer", "updated_at"])
    ReportEvent.objects.create(report=report, action=ReportEvent.Action.ANSWERED, from_status=report.status,
                               to_status=report.status, public_answer=public_answer,
                               internal_note=(internal_note or "").strip(), actor=actor, created_at=now)
    notify.publish_status(report=report, old=report.status, actor=actor)
    return report


@transaction.atomic
def report_transfer_to_operator(*, report: Report, actor, operator_key: str, reason: str,
                                now: dt.datetime | None = None) -> Report:
    """Hand an open report to the operator that runs its facility (audited). A report about a
    facility goes only to that facility's operator; one about no facility to any operator."""
    now = now or timezone.now()
    report = _locked_in_scope(report, actor, TRANSFER_PERM)
    reason = _reason(reason)
    if not report.is_open:
        raise ValidationError({"status": [_("Only an open report can be transferred.")]})
    names = dict(operators.choices(report.kind or None))
    if operator_key not in names:
        raise ValidationError({"operator": [_("Choose one of the listed operators.")]})
    running = operators.operator_of(report.kind, report.facility_id)
    if running is not None and running[0] != operator_key:
        raise ValidationError({"operator": [
            _("This facility is run by %(name)s: only its operator can answer for it.") % {"name": running[1]}]})
    if report.operator_key == operator_key:
        raise ValidationError({"operator": [_("The report is already with this operator.")]})
    old = report.operator_name or report.sub_district.name
    report.operator_key, report.operator_name = operator_key, names[operator_key]
    report.updated_at = now
    report.save(update_fields=["operator_key", "operator_name", "updated_at"])
    text = f"{old} → {report.operator_name}: {reason}"
    ReportEvent.objects.create(report=report, action=ReportEvent.Action.TRANSFER, from_status=report.status,
                               to_status=report.status, internal_note=text[:2000], actor=actor, created_at=now)
    ReportAudit.objects.create(report=report, actor=actor, action=ReportAudit.Action.TRANSFER,
                               reason=text[:300], target=report.reference, created_at=now)
    notify.publish_to_operator(report=report, actor=actor)
    return report


@transaction.atomic
def contact_reveal(*, report: Report, actor, reason: str, now: dt.datetime | None = None) -> dict:
    """The reporter's contact in full, for an official who may act on the report and may
    reveal contacts, with a reason; every reveal is an audit row."""
    if not actor.has_perm(REVEAL_PERM):
        raise PermissionDenied
    report = _locked_in_scope(report, actor)
    reason = _reason(reason)
    ReportAudit.objects.create(report=report, actor=actor, action=ReportAudit.Action.REVEAL, reason=reason[:300],
                               target=report.reference, created_at=now or timezone.now())
    return {"name": report.contact_name, "phone": report.contact_phone, "email": report.contact_email}


def audit_record(*, actor, action: str, target: str, reason: str = "") -> ReportAudit | None:
    """The ``AuditHook``: shared code (an unmasked back-office export) reached reports' data."""
    if not str(target).startswith("reports."):
        return None
    kind = ReportAudit.Action.EXPORT if action == "export" else ReportAudit.Action.REVEAL
    return ReportAudit.objects.create(actor=actor, action=kind, target=str(target)[:200], reason=(reason or "")[:300])


# --- operators (through their API) ---------------------------------------------------------------
def operator_reports(acting: tuple[str, object] | None):
    """The reports an operator may see and answer: routed or transferred to it, about one of
    the facilities it may act on (its token's stations when the token is limited)."""
    if acting is None:
        return Report.objects.none()
    key, facility_ids = acting
    return Report.objects.filter(operator_key=key, facility_id__in=facility_ids)


@transaction.atomic
def operator_transition(*, report_id: int, acting: tuple[str, object] | None, actor, to_status: str,
                        public_answer: str, now: dt.datetime | None = None) -> Report:
    """An operator acknowledges, starts or resolves a report about one of its own facilities,
    with a public answer. Any other report is as if it did not exist."""
    now = now or timezone.now()
    report = operator_reports(acting).select_for_update().filter(pk=report_id).first()
    if report is None:
        raise Http404
    if to_status not in OPERATOR_STATUSES:
        raise ValidationError({"status": [_("An operator may acknowledge, start or resolve a report.")]})
    if len((public_answer or "").strip()) < 5:
        raise ValidationError({"public_answer": [_("Tell the resident what was done (at least 5 characters).")]})
    return apply_transition(report=report, to_status=to_status, actor=actor, public_answer=public_answer,
                            internal_note=_("Answered by the operator %(name)s") % {"name": report.operator_name},
                            now=now)

