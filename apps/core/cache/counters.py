"""Request counters for rate limits (``apps.core.throttles``), atomic on the shared cache."""

import contextlib
from collections.abc import Callable

from django.core.cache import cache

# Counts a throttle while the cache is down: ``fallback(key, duration, now) -> (count,
# seconds until its window ends)``, ``now`` the throttle's clock (seconds since the epoch). Registered by the app that keeps counters in the database
# (apps.accounts), so this layer imports none.
_fallback: list[Callable[[str, float, float], tuple[int, float]]] = []


def register_fallback_counter(counter: Callable[[str, float, float], tuple[int, float]]) -> None:
    _fallback[:] = [counter]


def fallback_count(key: str, duration: float, now: float) -> tuple[int, float] | None:
    """Count one request of ``key`` in a fixed window of ``duration`` seconds where the
    registered fallback keeps it (the database); None when there is none."""
    return _fallback[0](key, duration, now) if _fallback else None


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


def cache_available() -> bool:
    """False while the shared cache (Redis) is known to be unreachable: counts made then are
    not counts at all (``count_request`` answers (0, 0)). A backend without the notion (the
    in-memory cache of development and tests) is always available."""
    return bool(getattr(cache, "is_available", True))


def uncount_request(key: str) -> None:
    """Take back one :func:`count_request` (a refused request does not count)."""
    with contextlib.suppress(ValueError):  # expired meanwhile, or the cache is unavailable
        cache.decr(key)
