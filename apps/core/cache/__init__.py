"""The shared cache, one concern a module:

- ``backend``: the Redis backend that degrades to "no cache" when Redis is down
  (``CACHES["default"]["BACKEND"] = "apps.core.cache.ResilientRedisCache"``);
- ``counters``: atomic request counters for the rate limits;
- ``versions``: namespace versions, and what bumps them (``data_changed``; the models each
  app declares in its ``CacheNamespace``);
- ``fragments``: the cached fragments of public pages and list APIs.

The names used elsewhere are importable from here.
"""

from .backend import ResilientRedisCache, on_recovery
from .counters import (
    cache_available,
    count_request,
    fallback_count,
    register_fallback_counter,
    uncount_request,
)
from .fragments import cached, cached_api_get, cached_page, request_key
from .versions import (
    FRAGMENT_TIMEOUT,
    LIVE_SUFFIX,
    bump_namespace,
    data_changed,
    facility_namespaces,
    live_data_change,
    watched_models,
    watched_namespaces,
)

__all__ = [
    "FRAGMENT_TIMEOUT",
    "LIVE_SUFFIX",
    "ResilientRedisCache",
    "bump_namespace",
    "cache_available",
    "cached",
    "cached_api_get",
    "cached_page",
    "count_request",
    "data_changed",
    "facility_namespaces",
    "fallback_count",
    "live_data_change",
    "on_recovery",
    "register_fallback_counter",
    "request_key",
    "uncount_request",
    "watched_models",
    "watched_namespaces",
]
