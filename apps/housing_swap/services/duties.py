"""Separation of duties (issue 18 item 3).

* Nobody acts on an application in which they are the applicant, the proxy who filed it,
  the owner of the old home or a member of the household. The portal knows a person by
  their account and by the resident ID numbers they filed as their own (as the owner in
  their own applications, as the proxy in those for a relative); those are compared with
  the owner's, each household member's and the proxy's numbers of the application, through
  the keyed look-up hashes, never in clear (so filing from another account does not help).
* Approving a voucher above ``HOUSING_SWAP_SECOND_APPROVAL_ABOVE_YUAN`` or a valuation per
  m² outside the round's band needs a second approval by a different person.
"""

from decimal import Decimal

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils.translation import gettext as _

from ..limits import limit
from ..models import Application

APPLICANT, PROXY, OWNER, MEMBER = "applicant", "proxy", "owner", "member"


def identity_hashes(person) -> set[str]:
    """Look-up hashes of the resident ID numbers ``person`` gave as their own: as the owner
    in their own applications, and as the proxy in those they filed for a relative."""
    if person is None or not getattr(person, "pk", None):
        return set()
    filed = Application.objects.filter(applicant=person)
    own = filed.filter(is_proxy=False).exclude(id_number_hash="").values_list("id_number_hash", flat=True)
    as_proxy = filed.filter(is_proxy=True).exclude(proxy_id_number_hash="").values_list(
        "proxy_id_number_hash", flat=True)
    return set(own) | set(as_proxy)


def conflict(application: Application, person) -> str | None:
    """Why ``person`` may not act on ``application`` (one of the codes above), or None."""
    if person is None or not getattr(person, "pk", None):
        return None
    if application.applicant_id == person.pk:
        return PROXY if application.is_proxy else APPLICANT
    hashes = identity_hashes(person)
    if not hashes:
        return None
    if application.id_number_hash and application.id_number_hash in hashes:
        return OWNER
    if application.is_proxy and application.proxy_id_number_hash and application.proxy_id_number_hash in hashes:
        return PROXY
    if application.members.filter(id_number_hash__in=hashes).exists():
        return MEMBER
    return None


def _why(code: str) -> str:
    return {
        APPLICANT: _("you are its applicant."),
        PROXY: _("you filed it for a relative (you are the proxy)."),
        OWNER: _("you own the old home it is about."),
        MEMBER: _("you are a member of the household."),
    }[code]


def conflict_message(code: str) -> str:
    return _("You may not act on this application: %(why)s Ask a colleague to handle it.") % {"why": _why(code)}


def conflict_check(*, application: Application, actor) -> None:
    """Refuse (a ValidationError with a message the staff member understands) when
    ``actor`` has a stake in ``application``."""
    code = conflict(application, actor)
    if code is not None:
        raise ValidationError({NON_FIELD_ERRORS: [ValidationError(conflict_message(code), code="conflict_of_interest")]})


def second_approval_threshold() -> Decimal:
    return Decimal(limit("HOUSING_SWAP_SECOND_APPROVAL_ABOVE_YUAN"))


def valuation_per_m2(application: Application) -> Decimal | None:
    if not application.valuation_amount or not application.old_home_area_m2:
        return None
    return (Decimal(application.valuation_amount) / Decimal(application.old_home_area_m2)).quantize(Decimal("1"))


def second_approval_reasons(application: Application) -> list[str]:
    """Why approving ``application`` needs a second person (empty: one approval is enough)."""
    reasons = []
    amount = application.valuation_amount
    threshold = second_approval_threshold()
    if amount is not None and amount > threshold:
        reasons.append(_("the amount of %(amount)s CNY is above %(limit)s CNY") % {
            "amount": f"{amount:,.2f}", "limit": f"{threshold:,.0f}"})
    band = application.round
    low, high = band.valuation_min_per_m2, band.valuation_max_per_m2
    if low is not None or high is not None:
        per_m2 = valuation_per_m2(application)
        if per_m2 is None or (low is not None and per_m2 < low) or (high is not None and per_m2 > high):
            reasons.append(_("the valuation of %(value)s CNY/m² is outside the round's band of %(low)s–%(high)s CNY/m²") % {
                "value": "?" if per_m2 is None else f"{per_m2:,}",
                "low": "…" if low is None else f"{low:,}", "high": "…" if high is None else f"{high:,}"})
    return reasons
