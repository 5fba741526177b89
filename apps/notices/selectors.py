"""Reads of the notices app."""

from django.db.models import QuerySet

from .models import Notice


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
