"""Counting failed sign-ins (token API, login page, the two-factor password re-check) and
password-reset requests per username and per client IP.

The counts are rows in the database (``counters``), as django-axes keeps the admin's: a
lockout must hold while Redis is down (issue 18 item 11); counted in the cache it failed
open then (every read a miss). Each count lives ``AUTH_FAILURE_WINDOW_SECONDS`` from the
first failure."""

import hashlib

from django.conf import settings

from . import counters

_PREFIX = "authfail"


def _user_key(username: str) -> str:
    # hashed: a username is untrusted text (spaces, control characters, any length) and
    # must not end up verbatim in a key
    digest = hashlib.sha256(username.lower()[:150].encode("utf-8", "replace")).hexdigest()
    return f"{_PREFIX}:u:{digest}"


def _ip_key(ip: str) -> str:
    return counters.safe_key(f"{_PREFIX}:ip:{ip}")


def _add(key: str) -> None:
    counters.add(key, seconds=settings.AUTH_FAILURE_WINDOW_SECONDS)


def failures_exceeded(*, username: str, ip: str) -> bool:
    user_key, ip_key = _user_key(username), _ip_key(ip)
    counts = counters.counts([user_key, ip_key])
    return (
        counts.get(user_key, 0) >= settings.AUTH_FAILURE_LIMIT_PER_USER
        or counts.get(ip_key, 0) >= settings.AUTH_FAILURE_LIMIT_PER_IP
    )


def failure_record(*, username: str, ip: str) -> None:
    _add(_user_key(username))
    _add(_ip_key(ip))


def failures_clear(*, username: str) -> None:
    counters.delete(_user_key(username))


def count_exceeded(name: str, limit: int) -> bool:
    """Whether the count ``name`` (any text, hashed) has reached ``limit`` in its window."""
    key = _user_key(name)
    return counters.counts([key]).get(key, 0) >= limit


def count_record(name: str) -> None:
    _add(_user_key(name))
