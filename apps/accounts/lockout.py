"""Counting failed sign-ins (token API, login page) per username and per client IP, in the cache."""

import hashlib

from django.conf import settings
from django.core.cache import cache

_PREFIX = "authfail"


def _keys(username: str, ip: str) -> tuple[str, str]:
    # hashed: a username is untrusted text (spaces, control characters, any length) and
    # must not end up verbatim in a cache key
    digest = hashlib.sha256(username.lower()[:150].encode("utf-8", "replace")).hexdigest()
    return f"{_PREFIX}:u:{digest}", f"{_PREFIX}:ip:{ip}"


def failures_exceeded(*, username: str, ip: str) -> bool:
    user_key, ip_key = _keys(username, ip)
    counts = cache.get_many([user_key, ip_key])
    return (
        counts.get(user_key, 0) >= settings.AUTH_FAILURE_LIMIT_PER_USER
        or counts.get(ip_key, 0) >= settings.AUTH_FAILURE_LIMIT_PER_IP
    )


def failure_record(*, username: str, ip: str) -> None:
    for key in _keys(username, ip):
        cache.add(key, 0, timeout=settings.AUTH_FAILURE_WINDOW_SECONDS)
        try:
            cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, 1, timeout=settings.AUTH_FAILURE_WINDOW_SECONDS)


def failures_clear(*, username: str) -> None:
    cache.delete(_keys(username, "")[0])
