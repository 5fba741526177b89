"""API throttles shared by the apps (issue 10).

While the cache (Redis) is unreachable nothing can be counted there. Then (issue 18 item 11)
a scope listed in ``THROTTLE_FAIL_CLOSED_SCOPES`` refuses every request (429 with
``Retry-After``); one in ``THROTTLE_FAIL_OPEN_SCOPES`` (none by default; e.g. a public read
a deployment would rather keep open than count in its database) lets requests through
uncounted; every other scope, the nearby search included, is counted in the database
meanwhile (a fixed window of the scope's duration), so its limit holds."""

from django.conf import settings
from rest_framework.throttling import ScopedRateThrottle

from apps.core.cache import cache_available, count_request, fallback_count, uncount_request


class OutageMixin:
    """What a scoped throttle does while the cache is down (see the module's docstring).
    Checked after the cache was tried (the attempt is what notices an outage)."""

    _closed = False
    _fallback_wait = None

    def _during_outage(self, allowed: bool, request, view) -> bool:
        self._closed, self._fallback_wait = False, None
        scope = getattr(self, "scope", None)
        if not allowed or not scope or getattr(self, "num_requests", None) is None or cache_available():
            return allowed
        if scope in settings.THROTTLE_FAIL_CLOSED_SCOPES:
            self._closed = True
            return False
        if scope in settings.THROTTLE_FAIL_OPEN_SCOPES:
            return True
        key = self.get_cache_key(request, view)
        counted = fallback_count(key, self.duration, self.timer()) if key else (0, 0.0)
        if counted is None:  # nowhere to count: refuse rather than let all through
            self._closed = True
            return False
        count, window_left = counted
        if count > self.num_requests:
            self._fallback_wait = window_left
            return False
        return True

    def allow_request(self, request, view):
        return self._during_outage(super().allow_request(request, view), request, view)

    def wait(self):
        if self._closed:
            return float(settings.THROTTLE_FAIL_CLOSED_RETRY_SECONDS)
        if self._fallback_wait is not None:
            return max(1.0, self._fallback_wait)
        return super().wait()


class PortalScopedRateThrottle(OutageMixin, ScopedRateThrottle):
    """DRF's ``ScopedRateThrottle`` (per account, or per address when anonymous), also
    limiting while the cache is down."""


class SlidingWindowScopedThrottle(OutageMixin, ScopedRateThrottle):
    """``ScopedRateThrottle``'s scope, rate, per-address key and 429 answer, counted with two
    counters instead of a log of request times, for endpoints called at high rates.

    DRF's throttle reads and rewrites the whole list of the window's request times on every
    request (two cache round trips, and up to 6,000 pickled floats each way at 6000/min); on
    the nearby search that was a third of the cost of a request (bench/README.md). Here each
    fixed window of ``duration`` seconds has a counter, and the last ``duration`` seconds are
    estimated as the current window's count plus the previous window's count weighted by the
    share of it still inside that span (the "sliding window counter"): one round trip, the
    same work at any rate, and no double burst at a window's edge as a plain fixed window
    allows. The estimate assumes the previous window's requests were spread evenly."""

    def allow_request(self, request, view):
        return self._during_outage(self._count(request, view), request, view)

    def _count(self, request, view):
        self.scope = getattr(view, self.scope_attr, None)
        if not self.scope:
            return True
        self.rate = self.get_rate()
        self.num_requests, self.duration = self.parse_rate(self.rate)
        if self.num_requests is None:
            return True
        key = self.get_cache_key(request, view)
        if key is None:
            return True
        self.now = self.timer()
        window, into = divmod(self.now, self.duration)
        self._fraction = into / self.duration
        current_key = f"{key}:{int(window)}"
        self._current, self._previous = count_request(
            current_key, f"{key}:{int(window) - 1}", 2 * self.duration
        )
        if self._previous * (1 - self._fraction) + self._current <= self.num_requests:
            return True
        uncount_request(current_key)
        self._current -= 1
        return False

    def wait(self):
        """Seconds until one more request fits (for ``Retry-After``)."""
        if self._closed or self._fallback_wait is not None:
            return super().wait()
        limit, duration, fraction = self.num_requests, self.duration, self._fraction
        room = limit - 1 - self._current  # what the previous window's weighted count must fall to
        if room >= 0:
            needed = 1 - room / self._previous if self._previous else fraction
            return max(0.0, (needed - fraction) * duration)
        # not in this window: in the next one, this window's count is the weighted one
        needed = 1 - (limit - 1) / self._current if self._current else 0.0
        return (1 - fraction) * duration + max(0.0, needed) * duration


class _AddressBucket(OutageMixin, ScopedRateThrottle):
    """The scope's rate, counted per client address (``get_ident``: REMOTE_ADDR, or the
    address ``NUM_PROXIES`` trusted proxies report, so a forged X-Forwarded-For is no
    new address), whoever is signed in."""

    def get_cache_key(self, request, view):
        return self.cache_format % {"scope": f"{self.scope}:address", "ident": self.get_ident(request)}


class ScopedUserAndAddressThrottle(OutageMixin, ScopedRateThrottle):
    """``ScopedRateThrottle`` counts a signed-in caller per account only; this counts per
    account *and* per client address, each at the scope's rate, so neither many accounts
    from one address nor one account from many addresses gets round the limit. The
    answer is DRF's 429 with ``Retry-After`` (the longer wait of the exceeded buckets)."""

    def __init__(self):
        super().__init__()
        self._address = _AddressBucket()
        self._user_ok = self._address_ok = True

    def allow_request(self, request, view):
        self._user_ok = super().allow_request(request, view)
        if not (request.user and request.user.is_authenticated):
            self._address_ok = True
            return self._user_ok  # an anonymous caller is already counted per address
        self._address_ok = self._address.allow_request(request, view)
        return self._user_ok and self._address_ok

    def wait(self):
        waits = []
        if not self._user_ok:
            waits.append(super().wait())
        if not self._address_ok:
            waits.append(self._address.wait())
        waits = [w for w in waits if w is not None]
        return max(waits) if waits else None


class _PageView:
    """DRF throttles read their scope from the view; a plain page has none."""

    def __init__(self, scope: str):
        self.throttle_scope = scope


def page_throttle_wait(request, scope: str) -> int | None:
    """The same per-account and per-address limit as the API, for a plain Django page
    (e.g. submitting a housing-swap application from the form): counts this request and
    answers None when allowed, else the seconds to wait (for ``Retry-After``)."""
    throttle = ScopedUserAndAddressThrottle()
    if throttle.allow_request(request, _PageView(scope)):
        return None
    return max(1, round(throttle.wait() or 60))
