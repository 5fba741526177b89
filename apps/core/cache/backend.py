"""A Redis cache that degrades to "no cache" when Redis is unreachable.

Browsing must go on when Redis is down (issue 10): every read is a miss, every write a
no-op, ``incr`` behaves as for a missing key. The outage is logged once (and its end once),
and for a few seconds after a failure Redis is not even tried, so a host that times out
does not cost every request a connect timeout per cache call. Code that must react when
Redis answers again (the namespace versions, see ``versions``) adds a recovery hook.
"""

import logging
import threading
import time
from collections.abc import Callable

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger("apps.core.cache")

UNAVAILABLE = (RedisConnectionError, RedisTimeoutError, OSError)


# Called (in the process that noticed) when Redis answers again after an outage.
_recovery_hooks: list[Callable[[], None]] = []


def on_recovery(hook: Callable[[], None]) -> None:
    """Call ``hook()`` whenever this process sees Redis answer again after an outage."""
    if hook not in _recovery_hooks:
        _recovery_hooks.append(hook)


class ReusedClientRedisCacheClient(RedisCacheClient):
    """Django's client builds a new ``redis.Redis`` object for every cache call (about half
    a millisecond of CPU each, measured in bench/load.py); a ``redis.Redis`` is thread-safe
    and stateless over its pool, so one per pool is kept and reused."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class ResilientRedisCache(RedisCache):
    """Django's ``RedisCache``, treating connection errors as misses and no-ops."""

    def __init__(self, server, params):
        options = dict(params.get("OPTIONS") or {})
        # ours; RedisCache passes the other OPTIONS on to redis-py
        self.retry_after = float(options.pop("retry_after", 5.0))
        super().__init__(server, {**params, "OPTIONS": options})
        self._class = ReusedClientRedisCacheClient
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
                if not self._down:
                    return
                self._down = False
                logger.warning("Cache available again")
            for hook in _recovery_hooks:
                hook()

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

    def count_request(self, key, previous_key, timeout):
        """See :func:`count_request`: one pipelined round trip (SET NX EX, INCR, GET)."""
        if self._skip():
            return 0, 0
        key = self.make_and_validate_key(key)
        previous_key = self.make_and_validate_key(previous_key)
        try:
            pipe = self._cache.get_client(key, write=True).pipeline(transaction=False)
            pipe.set(key, 0, ex=timeout, nx=True)  # starts the counter with its expiry
            pipe.incr(key)
            pipe.get(previous_key)
            _, count, previous = pipe.execute()
        except UNAVAILABLE as exc:
            self._failed(exc)
            return 0, 0
        self._succeeded()
        return int(count), int(previous or 0)
