"""API keys: how they look, how they are hashed and which settings they follow.

A key is 40 URL-safe characters (240 random bits). The database keeps its SHA-256 and its
first 8 characters (the row's look-up ``prefix``); the key itself is shown once, when issued.
A plain (unsalted) SHA-256 is right here: the key is random, not a password, so there is
nothing to guess from the hash and each request needs one cheap hash, not a slow one.
"""

import datetime as dt
import hashlib
import secrets

from django.conf import settings

PREFIX_LENGTH = 8


def key_generate() -> str:
    return secrets.token_urlsafe(30)  # 40 characters, 240 random bits


def key_hash(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8", "replace")).hexdigest()


def key_prefix(key: str) -> str:
    return key[:PREFIX_LENGTH]


def lifetime() -> dt.timedelta:
    """How long a token lives after it was last used (sliding expiry)."""
    return dt.timedelta(days=settings.API_TOKEN_TTL_DAYS)


# A token's last use (and so its expiry) is written at most this often, not on every request.
TOUCH_INTERVAL = dt.timedelta(minutes=1)
