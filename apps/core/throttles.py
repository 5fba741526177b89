"""API throttles shared by the apps (issue 10)."""

from rest_framework.throttling import ScopedRateThrottle


class _AddressBucket(ScopedRateThrottle):
    """The scope's rate, counted per client address (``get_ident``: REMOTE_ADDR, or the
    address ``NUM_PROXIES`` trusted proxies report, so a forged X-Forwarded-For is no
    new address), whoever is signed in."""

    def get_cache_key(self, request, view):
        return self.cache_format % {"scope": f"{self.scope}:address", "ident": self.get_ident(request)}


class ScopedUserAndAddressThrottle(ScopedRateThrottle):
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
