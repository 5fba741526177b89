"""Reads of the notices app."""

from django.db.models import QuerySet
from django.utils import timezone

from . import conf
from .models import Channel, ContactVerification, Notice


def unread_count(*, user) -> int:
    """Number of the user's unread in-app notices (0 for anonymous visitors)."""
    if not getattr(user, "is_authenticated", False):
        return 0
    return Notice.objects.in_app().for_recipient(user).unread().count()


def inbox(*, user, unread_only: bool = False) -> QuerySet[Notice]:
    """The user's in-app notices, newest first, with their events (one query per page)."""
    notices = Notice.objects.in_app().for_recipient(user).select_related("event")
    if unread_only:
        notices = notices.unread()
    return notices.order_by("-created_at", "-id")


# --- contact verification (issue 18 item 8; the writes are in services/verification.py) ---

VERIFIABLE = (Channel.EMAIL, Channel.SMS)


def contact_address(user, channel: str) -> str:
    """The account's current address on ``channel`` ("" when it has none)."""
    if channel == Channel.EMAIL:
        return (user.email or "").strip()
    if channel == Channel.SMS:
        return (user.phone or "").strip()
    return ""


def contact_verified(user, channel: str) -> bool:
    """Whether ``user``'s current address on ``channel`` is verified (in-app always is)."""
    if channel == Channel.IN_APP:
        return True
    address = contact_address(user, channel)
    if not address:
        return False
    if channel not in conf.verified_channels():
        return True  # this deployment sends there without a proof (NOTICES_VERIFIED_CHANNELS)
    return ContactVerification.objects.filter(
        user=user, channel=channel, address=address, verified_at__isnull=False).exists()


def verification_status(*, user) -> dict[str, dict]:
    """Per channel: ``has_address``, ``verified`` and ``code_pending`` (a code was sent to the
    current address and can still be entered), with ``code_expires_at``."""
    rows = {row.channel: row for row in ContactVerification.objects.filter(user=user)}
    now = timezone.now()
    status = {}
    for channel in VERIFIABLE:
        address = contact_address(user, channel)
        row = rows.get(channel)
        current = row is not None and bool(address) and row.address == address
        pending = bool(current and row.code_hash and row.code_expires_at and row.code_expires_at > now)
        status[str(channel)] = {
            "has_address": bool(address),
            "verified": bool(current and row.verified_at),
            "code_pending": pending,
            "code_expires_at": row.code_expires_at if pending else None,
        }
    return status


