"""A Redis cache that degrades to "no cache" when Redis is unreachable.

Browsing must go on when Redis is down (issue 10): every read is a miss, every write a
no-op, ``incr`` behaves as for a missing key. The outage is logged once (and its end once),
and for a few seconds after a failure Redis is not even tried, so a host that times out
does not cost every request a connect timeout per cache call.
"""

import logging
import threading
import time

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger("apps.core.cache")

UNAVAILABLE = (RedisConnectionError, RedisTimeoutError, OSError)


class ResilientRedisCache(RedisCache):
    """Django's ``RedisCache``, treating connection errors as misses and no-ops."""

    def __init__(self, server, params):
        options = dict(params.get("OPTIONS") or {})
        # ours; RedisCache passes the other OPTIONS on to redis-py
        self.retry_after = float(options.pop("retry_after", 5.0))
        super().__init__(server, {**params, "OPTIONS": options})
        self._down_until = 0.0
        self._down = False
        self._lock = threading.Lock()

    # -- state ------------------------------------------------------------------------
    @property
    def is_available(self) -> bool:
        return not self._down

    def _skip(self) -> bool:
        return self._down and time.monotonic() < self._down_until

    def _failed(self, exc: BaseException) -> None:
        with self._lock:
            self._down_until = time.monotonic() + self.retry_after
            if not self._down:
                self._down = True
                logger.warning(
                    "Cache unavailable, continuing without it: %s", exc.__class__.__name__
                )

    def _succeeded(self) -> None:
        if self._down:
            with self._lock:
                if self._down:
                    self._down = False
                    logger.warning("Cache available again")

    def _call(self, name, default, *args, **kwargs):
        if self._skip():
            return default
        try:
            result = getattr(super(), name)(*args, **kwargs)
        except UNAVAILABLE as exc:
            self._failed(exc)
            return default
        self._succeeded()
        return result

    # -- the cache API ----------------------------------------------------------------
    def get(self, key, default=None, version=None):
        return self._call("get", default, key, default, version=version)

    def get_many(self, keys, version=None):
        return self._call("get_many", {}, keys, version=version)

    def has_key(self, key, version=None):
        return self._call("has_key", False, key, version=version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("set", None, key, value, timeout, version=version)

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("add", False, key, value, timeout, version=version)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("set_many", list(data), data, timeout, version=version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("touch", False, key, timeout, version=version)

    def delete(self, key, version=None):
        return self._call("delete", False, key, version=version)

    def delete_many(self, keys, version=None):
        return self._call("delete_many", None, keys, version=version)

    def incr(self, key, delta=1, version=None):
        missing = object()
        result = self._call("incr", missing, key, delta, version=version)
        if result is missing:
            # as Django does for a key that is not there
            raise ValueError(f"Key '{key}' not found (cache unavailable).")
        return result

    def clear(self):
        return self._call("clear", False)
