"""Reviewer reminders: which reviewers have applications waiting too long.

Registered with ``apps.notices.reminders`` in ``AppConfig.ready``; the notices beat job
asks it daily. Returns ids and counts only, never personal data."""

from django.conf import settings

from .selectors import waiting_applications_by_reviewer

QUEUE_LINK = "/admin/housing_swap/application/?waiting=overdue"


def reminder_days() -> int:
    return int(getattr(settings, "HOUSING_SWAP_REMINDER_DAYS", 5))


def waiting_applications(*, now=None):
    """``None`` or ``(reviewer ids, {"count", "days", "per_reviewer"}, link)``."""
    days = reminder_days()
    rows = waiting_applications_by_reviewer(older_than_days=days, now=now)
    if not rows:
        return None
    context = {
        "count": sum(r["count"] for r in rows),
        "days": days,
        "per_reviewer": {str(r["user_id"]): r["count"] for r in rows},
    }
    return [r["user_id"] for r in rows], context, QUEUE_LINK
