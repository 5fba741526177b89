"""Purchase vouchers (购房券): issued on approval, redeemed at a partner project, voided or
reissued with a reason."""

import datetime as dt
import secrets

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import Application, AuditAction, NewHomeProject, Status, Voucher, VoucherStatus
from .duties import conflict_check
from .privacy import audit_write

_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"  # no 0/O, 1/I/L


def _code() -> str:
    body = "".join(secrets.choice(_ALPHABET) for _ in range(10))
    return f"GFQ-{body[:5]}-{body[5:]}"


def _unique_code() -> str:
    for _attempt in range(10):
        code = _code()
        if not Voucher.objects.filter(code=code).exists():
            return code
    raise RuntimeError("could not draw a unique voucher code")


@transaction.atomic
def voucher_issue(*, application: Application, actor, amount=None, replaces: Voucher | None = None) -> Voucher:
    """Called by the approval transition (same transaction); amount defaults to the valuation."""
    if application.status not in Status.GRANTED:
        raise ValidationError({"application": [_("Vouchers are issued only for approved applications.")]})
    amount = amount if amount is not None else application.valuation_amount
    if not amount or amount <= 0:
        raise ValidationError({"amount": [_("The voucher needs a positive amount (the valuation).")]})
    conflict_check(application=application, actor=actor)
    now = timezone.now()
    voucher = Voucher.objects.create(
        code=_unique_code(), application=application, round_id=application.round_id, amount=amount,
        issued_at=now, expires_at=now + dt.timedelta(days=application.round.voucher_validity_days),
        issued_by=actor, replaces=replaces,
    )
    audit_write(
        actor=actor, action=AuditAction.AMOUNT_CHANGE, application=application,
        target=f"{application.reference}: voucher {voucher.code} issued for {amount} CNY"
               + (f" (reissue of {replaces.code})" if replaces else ""),
    )
    return voucher


@transaction.atomic
def voucher_redeem(*, voucher: Voucher, project: NewHomeProject, actor) -> Voucher:
    if not actor.has_perm("housing_swap.redeem_voucher"):
        raise PermissionDenied
    voucher = Voucher.objects.select_for_update().select_related("application").get(pk=voucher.pk)
    conflict_check(application=voucher.application, actor=actor)
    if voucher.status != VoucherStatus.ISSUED:
        raise ValidationError({"code": [_("This voucher is %(status)s and cannot be redeemed.") % {"status": voucher.get_status_display()}]})
    if voucher.is_expired():
        raise ValidationError({"code": [_("This voucher expired on %(date)s.") % {"date": f"{timezone.localtime(voucher.expires_at):%Y-%m-%d}"}]})
    if not project.is_partner:
        raise ValidationError({"project": [_("Vouchers can be spent only at partner projects.")]})
    voucher.status = VoucherStatus.REDEEMED
    voucher.redeemed_at = timezone.now()
    voucher.redeemed_project = project
    voucher.redeemed_by = actor
    voucher.save()
    return voucher


@transaction.atomic
def voucher_void(*, voucher: Voucher, reason: str, actor) -> Voucher:
    if not actor.has_perm("housing_swap.void_voucher"):
        raise PermissionDenied
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": [_("Give the reason for voiding the voucher.")]})
    voucher = Voucher.objects.select_for_update().select_related("application").get(pk=voucher.pk)
    conflict_check(application=voucher.application, actor=actor)
    if voucher.status != VoucherStatus.ISSUED:
        raise ValidationError({"code": [_("Only an unspent voucher can be voided.")]})
    voucher.status = VoucherStatus.VOIDED
    voucher.voided_at = timezone.now()
    voucher.void_reason = reason
    voucher.save()
    audit_write(
        actor=actor, action=AuditAction.AMOUNT_CHANGE, application=voucher.application, reason=reason,
        target=f"{voucher.application.reference}: voucher {voucher.code} of {voucher.amount} CNY voided",
    )
    return voucher


@transaction.atomic
def voucher_reissue(*, voucher: Voucher, reason: str, actor) -> Voucher:
    """Void ``voucher`` (if still unspent) and issue a fresh code for the same amount."""
    if voucher.status == VoucherStatus.ISSUED:
        voucher = voucher_void(voucher=voucher, reason=reason, actor=actor)
    elif not actor.has_perm("housing_swap.void_voucher"):
        raise PermissionDenied
    conflict_check(application=voucher.application, actor=actor)
    if voucher.status != VoucherStatus.VOIDED:
        raise ValidationError({"code": [_("A redeemed voucher cannot be reissued.")]})
    if not (reason or "").strip():
        raise ValidationError({"reason": [_("Give the reason for reissuing the voucher.")]})
    if Voucher.objects.filter(replaces=voucher).exists():
        raise ValidationError({"code": [_("This voucher has already been reissued.")]})
    return voucher_issue(application=voucher.application, actor=actor, amount=voucher.amount, replaces=voucher)
