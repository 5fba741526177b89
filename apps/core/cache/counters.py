"""Request counters for rate limits (``apps.core.throttles``), atomic on the shared cache."""

import contextlib

from django.core.cache import cache


def count_request(key: str, previous_key: str, timeout: int) -> tuple[int, int]:
    """Add one to the counter ``key`` (created expiring after ``timeout`` seconds) and return
    its new value with the value of the counter ``previous_key`` (0 when absent), for rate
    limits. Atomic; one round trip on Redis. When the cache is unavailable nothing is
    counted: (0, 0), as every other read is a miss then."""
    own = getattr(cache, "count_request", None)
    if own is not None:
        return own(key, previous_key, timeout)
    if cache.add(key, 1, timeout):
        count = 1
    else:
        try:
            count = cache.incr(key)
        except ValueError:  # expired between the two calls
            cache.set(key, 1, timeout)
            count = 1
    return count, int(cache.get(previous_key, 0))


def uncount_request(key: str) -> None:
    """Take back one :func:`count_request` (a refused request does not count)."""
    with contextlib.suppress(ValueError):  # expired meanwhile, or the cache is unavailable
        cache.decr(key)
