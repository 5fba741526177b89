"""What officials do with a report: status changes with a public answer, transfers, and the
rating and single reopening that follow a resolution. Each change is one transaction that
writes the report, its event row and the notices together."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.accounts.scoping import scoped_sub_district_ids

from .. import workflow
from ..models import OPEN_STATUSES, Rating, Report, ReportAudit, ReportEvent, Status
from . import notify, routing, tally

HANDLE_PERM = "reports.handle_report"
TRANSFER_PERM = "reports.transfer_report"
MAX_ANSWER = 2000


def scope_of(user) -> set[int] | None:
    """The user's sub-districts (``None``: all), read once per user object (one request)."""
    if not hasattr(user, "_reports_scope"):
        user._reports_scope = scoped_sub_district_ids(user)
    return user._reports_scope


def handleable(user):
    """The reports ``user`` may see and act on as an official (``None``: none at all)."""
    if not (user and user.is_authenticated and user.is_staff and user.has_perm(HANDLE_PERM)):
        return Report.objects.none()
    return Report.objects.in_sub_districts(scope_of(user))


def _locked_in_scope(report: Report, actor, perm: str = HANDLE_PERM) -> Report:
    if not actor.has_perm(perm):
        raise PermissionDenied
    locked = handleable(actor).select_for_update().filter(pk=report.pk).first()
    if locked is None:  # outside the official's sub-districts: as if it did not exist
        raise Http404
    return locked


def _seconds(later: dt.datetime, earlier: dt.datetime) -> int:
    return max(int((later - earlier).total_seconds()), 0)


@transaction.atomic
def report_transition(*, report: Report, to_status: str, actor, public_answer: str = "",
                      internal_note: str = "", now: dt.datetime | None = None) -> Report:
    """Move ``report`` to ``to_status`` as the transition table allows, with the public
    answer (required when resolving, transferring or closing)."""
    now = now or timezone.now()
    report = _locked_in_scope(report, actor)
    return apply_transition(report=report, to_status=to_status, actor=actor, public_answer=public_answer,
                            internal_note=internal_note, now=now)


def apply_transition(*, report: Report, to_status: str, actor, public_answer: str, internal_note: str,
                     now: dt.datetime) -> Report:
    """The transition itself, on a report the caller has locked and may act on."""
    old = report.status
    public_answer = (public_answer or "").strip()
    if to_status not in Status.values or not workflow.allowed(old, to_status):
        raise ValidationError({"status": [
            _("A report that is “%(old)s” cannot be moved to “%(new)s”.")
            % {"old": Status(old).label, "new": Status(to_status).label if to_status in Status.values else to_status}
        ]})
    if to_status in workflow.ANSWER_REQUIRED and len(public_answer) < 5:
        raise ValidationError({"public_answer": [_("Tell the resident what was done (at least 5 characters).")]})
    if len(public_answer) > MAX_ANSWER:
        raise ValidationError({"public_answer": [_("Keep the answer under 2000 characters.")]})
    _apply_status(report, to_status, now)
    if public_answer:
        report.public_answer = public_answer
    report.updated_at = now
    report.save()
    tally.report_tally(report)
    ReportEvent.objects.create(report=report, action=ReportEvent.Action.STATUS, from_status=old,
                               to_status=to_status, public_answer=public_answer,
                               internal_note=(internal_note or "").strip(), actor=actor, created_at=now)
    notify.publish_status(report=report, old=old, actor=actor)
    return report


def _apply_status(report: Report, to_status: str, now: dt.datetime) -> None:
    report.status = to_status
    report.is_open = to_status in OPEN_STATUSES
    if report.acknowledged_at is None and to_status != Status.SUBMITTED:
        # any first answer counts as the acknowledgement (the 12345 "response")
        report.acknowledged_at = now
        report.acknowledge_seconds = _seconds(now, report.created_at)
        report.acknowledged_in_time = now <= report.acknowledge_due
    if to_status == Status.RESOLVED:
        report.resolved_at = now
        report.resolve_seconds = _seconds(now, report.created_at)
    if not report.is_open:
        report.closed_at = now


@transaction.atomic
def report_transfer(*, report: Report, actor, sub_district, reason: str,
                    now: dt.datetime | None = None) -> Report:
    """Hand an open report to another sub-district (audited); it stays open there."""
    now = now or timezone.now()
    report = _locked_in_scope(report, actor, TRANSFER_PERM)
    reason = (reason or "").strip()
    if len(reason) < 5:
        raise ValidationError({"reason": [_("Say why the report is transferred (at least 5 characters).")]})
    if not report.is_open:
        raise ValidationError({"status": [_("Only an open report can be transferred.")]})
    if sub_district is None or sub_district.pk == report.sub_district_id:
        raise ValidationError({"sub_district": [_("Choose another sub-district.")]})
    old_name, old_id = report.sub_district.name, report.sub_district_id
    report.sub_district = sub_district
    report.updated_at = now
    report.save(update_fields=["sub_district", "updated_at"])
    tally.report_tally(report, previous_sub_district_id=old_id)  # the report counts in its new sub-district
    routing.report_route(report=report, now=now, actor=actor, operator=False)  # the new sub-district's rule
    ReportEvent.objects.create(report=report, action=ReportEvent.Action.TRANSFER, from_status=report.status,
                               to_status=report.status, internal_note=f"{old_name} → {sub_district.name}: {reason}",
                               actor=actor, created_at=now)
    ReportAudit.objects.create(report=report, actor=actor, action=ReportAudit.Action.TRANSFER,
                               reason=f"{old_name} → {sub_district.name}: {reason}"[:300], created_at=now)
    return report


@transaction.atomic
def report_rate(*, report: Report, user, rating: str, comment: str = "",
                now: dt.datetime | None = None) -> Report:
    """The reporter rates a resolved report. "Dissatisfied" reopens it, once."""
    now = now or timezone.now()
    report = Report.objects.select_for_update().select_related("category").get(pk=report.pk)
    if user is None or not user.is_authenticated or report.reporter_id != user.pk:
        raise PermissionDenied  # only the reporter rates
    if rating not in Rating.values:
        raise ValidationError({"rating": [_("Choose satisfied, basically satisfied or dissatisfied.")]})
    if report.status != Status.RESOLVED:
        raise ValidationError({"rating": [_("You can rate a report once it is resolved.")]})
    if report.rated_at is not None and report.rated_at >= report.resolved_at:
        raise ValidationError({"rating": [_("You have already rated this answer.")]})
    comment = (comment or "").strip()
    if len(comment) > 1000:
        raise ValidationError({"comment": [_("Keep the comment under 1000 characters.")]})
    report.rating, report.rating_comment, report.rated_at = rating, comment, now
    ReportEvent.objects.create(report=report, action=ReportEvent.Action.RATED, from_status=report.status,
                               to_status=report.status, internal_note=f"{rating}: {comment}"[:2000],
                               actor=user, created_at=now)
    if rating == Rating.DISSATISFIED and report.reopen_count == 0:
        old = report.status
        report.status, report.is_open, report.closed_at = Status.IN_PROGRESS, True, None
        report.reopen_count += 1
        ReportEvent.objects.create(report=report, action=ReportEvent.Action.REOPENED, from_status=old,
                                   to_status=report.status, actor=user, created_at=now)
        report.updated_at = now
        report.save()
        tally.report_tally(report)
        notify.publish_reopened(report=report, actor=user)
        return report
    report.updated_at = now
    report.save()
    tally.report_tally(report)
    return report
