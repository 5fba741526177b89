"""Status changes: every one goes through :func:`application_transition`, which consults
the table in ``transitions.py``, writes the append-only event and hands the notice over."""

import datetime as dt
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .. import transitions
from ..models import Application, ApplicationEvent, AuditAction, DocumentKind, InternalNote, Status
from . import duties
from .notify import publish_status
from .privacy import audit_write

TRANSITION_PERM = "housing_swap.transition_application"


def _role(application: Application, actor, as_staff: bool) -> str:
    if as_staff:
        if not actor.has_perm(TRANSITION_PERM):
            raise PermissionDenied
        duties.conflict_check(application=application, actor=actor)
        return transitions.STAFF
    if actor.pk != application.applicant_id:
        raise PermissionDenied
    return transitions.APPLICANT


@transaction.atomic
def application_transition(
    *,
    application: Application,
    to_status: str,
    actor,
    as_staff: bool = False,
    public_note: str = "",
    internal_note: str = "",
    valuation_amount: Decimal | None = None,
    appraisal_at: dt.datetime | None = None,
    requested_kinds: list[str] | None = None,
) -> Application:
    """Move ``application`` to ``to_status`` if the workflow table allows it for ``actor``."""
    application = Application.objects.select_for_update().select_related("round").get(pk=application.pk)
    old = application.status
    rule = transitions.transition(old, to_status)
    by = _role(application, actor, as_staff)
    if rule is None or by not in rule.by:
        raise ValidationError({"status": [
            _("An application that is “%(old)s” cannot be moved to “%(new)s”.")
            % {"old": Status(old).label, "new": Status(to_status).label if to_status in Status.values else to_status}
        ]})
    public_note = (public_note or "").strip()
    internal_note = (internal_note or "").strip()
    if rule.needs_reason and not public_note:
        raise ValidationError({"public_note": [_("Give the reason; the applicant will see it.")]})
    if rule.needs_valuation:
        if valuation_amount is None or Decimal(valuation_amount) <= 0:
            raise ValidationError({"valuation_amount": [_("Enter the appraised value in CNY.")]})
        previous = application.valuation_amount
        application.valuation_amount = Decimal(valuation_amount)
        application.first_approval_by = application.first_approval_at = application.first_approval_amount = None
        audit_write(
            actor=actor, action=AuditAction.AMOUNT_CHANGE, application=application, reason=internal_note,
            target=f"{application.reference}: valuation {previous if previous is not None else '-'} -> "
                   f"{application.valuation_amount} CNY",
        )
    if rule.needs_appointment:
        if appraisal_at is None:
            raise ValidationError({"appraisal_at": [_("Enter the date and time of the appraisal visit.")]})
        application.appraisal_at = appraisal_at
    documents = to_status == Status.MORE_DOCUMENTS_REQUESTED
    if documents:
        kinds = [k for k in (requested_kinds or []) if k in DocumentKind.values]
        if not kinds:
            raise ValidationError({"requested_kinds": [_("Choose at least one document to ask for.")]})
        application.requested_document_kinds = kinds
        application.documents_requested_at = timezone.now()
    if to_status == Status.UNDER_REVIEW and old == Status.MORE_DOCUMENTS_REQUESTED:
        application.requested_document_kinds = []
    if to_status == Status.APPROVED:
        _check_quota(application)
        if _first_of_two_approvals(application, actor):
            return application
    if to_status in Status.INACTIVE:
        application.decision_reason = public_note

    now = timezone.now()
    application.status = to_status
    application.status_changed_at = now
    if to_status == Status.SUBMITTED:
        application.submitted_at = now
    application.save()
    ApplicationEvent.objects.create(
        application=application, actor=actor, from_status=old, to_status=to_status,
        public_note=public_note, internal_note=internal_note if by == transitions.STAFF else "",
        created_at=now,
    )
    if to_status == Status.APPROVED:
        from .vouchers import voucher_issue

        voucher_issue(application=application, actor=actor)
    publish_status(application=application, old=old, new=to_status, public_note=public_note,
                   actor=actor, documents=documents)
    return application


def _first_of_two_approvals(application: Application, actor) -> bool:
    """Issue 18 item 3: when the amount needs two approvers, the first approval is recorded
    (and audited) and the application stays appraised until a different person approves."""
    reasons = duties.second_approval_reasons(application)
    if not reasons:
        return False
    first = application.first_approval_by_id
    if first is not None and application.first_approval_amount == application.valuation_amount:
        if first == actor.pk:
            raise ValidationError({"status": [
                _("You gave the first approval; the second must come from a different person.")]})
        return False
    application.first_approval_by = actor
    application.first_approval_at = timezone.now()
    application.first_approval_amount = application.valuation_amount
    application.save(update_fields=["first_approval_by", "first_approval_at", "first_approval_amount", "updated_at"])
    audit_write(
        actor=actor, action=AuditAction.FIRST_APPROVAL, application=application,
        target=f"{application.reference}: {application.valuation_amount} CNY, first of two approvals",
        reason="; ".join(reasons),
    )
    return True


def awaiting_second_approval(application: Application) -> bool:
    return (application.status == Status.APPRAISED and application.first_approval_by_id is not None
            and application.first_approval_amount == application.valuation_amount)


def _check_quota(application: Application) -> None:
    quota = application.round.quota
    if quota is None:
        return
    taken = (
        Application.objects.filter(round=application.round)
        .filter(status__in=Status.GRANTED)
        .count()
    )
    if taken >= quota:
        raise ValidationError({"status": [_("The round's quota of %(quota)s homes is used up.") % {"quota": quota}]})


def application_withdraw(*, application: Application, actor, note: str = "") -> Application:
    """The applicant withdraws (allowed from a draft or any state before the decision)."""
    if not transitions.can_withdraw(application.status):
        raise ValidationError({"status": [_("This application can no longer be withdrawn.")]})
    return application_transition(application=application, to_status=Status.WITHDRAWN, actor=actor, public_note=note)


@transaction.atomic
def application_assign(*, application: Application, reviewer, actor) -> Application:
    if not actor.has_perm("housing_swap.assign_application"):
        raise PermissionDenied
    if reviewer is not None and not reviewer.has_perm(TRANSITION_PERM):
        raise ValidationError({"reviewer": [_("This person is not a housing-swap reviewer.")]})
    application = Application.objects.select_for_update().get(pk=application.pk)
    duties.conflict_check(application=application, actor=actor)
    if reviewer is not None and reviewer.pk != actor.pk and duties.conflict(application, reviewer):
        raise ValidationError({"reviewer": [_(
            "%(name)s may not handle this application: they are its applicant, its proxy, the owner or a "
            "member of the household.") % {"name": reviewer.get_username()}]})
    application.assigned_reviewer = reviewer
    application.save(update_fields=["assigned_reviewer", "updated_at"])
    return application


@transaction.atomic
def internal_note_add(*, application: Application, author, text: str) -> InternalNote:
    if not author.has_perm("housing_swap.add_internalnote"):
        raise PermissionDenied
    duties.conflict_check(application=application, actor=author)
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": [_("Write the note.")]})
    return InternalNote.objects.create(application=application, author=author, text=text)
