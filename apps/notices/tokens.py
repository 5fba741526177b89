"""Signed one-click unsubscribe tokens (django.core.signing): who and which channel."""

from __future__ import annotations

from django.conf import settings
from django.core import signing
from django.urls import reverse

SALT = "apps.notices.unsubscribe"


def unsubscribe_token(*, user_id: int, channel: str) -> str:
    """Deterministic (no timestamp): the same person and channel always get the same link."""
    return signing.Signer(salt=SALT).sign_object({"u": user_id, "c": channel}, compress=True)


def unsubscribe_read(token: str) -> tuple[int, str] | None:
    """(user id, channel) or ``None`` for a forged or damaged token. No expiry: a link in a
    years-old email must still work."""
    try:
        data = signing.Signer(salt=SALT).unsign_object(token)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict) or not isinstance(data.get("u"), int) or not isinstance(data.get("c"), str):
        return None
    return data["u"], data["c"]


def absolute(path: str) -> str:
    if not path or path.startswith(("http://", "https://")):
        return path
    return settings.PORTAL_BASE_URL.rstrip("/") + "/" + path.lstrip("/")


def unsubscribe_url(*, user_id: int, channel: str) -> str:
    return absolute(reverse("notices:unsubscribe", args=[unsubscribe_token(user_id=user_id, channel=channel)]))
