"""A Redis cache that degrades to "no cache" when Redis is unreachable.

Browsing must go on when Redis is down (issue 10): every read is a miss, every write a
no-op, ``incr`` behaves as for a missing key. The outage is logged once (and its end once),
and for a few seconds after a failure Redis is not even tried, so a host that times out
does not cost every request a connect timeout per cache call.
"""

import contextlib
import contextvars
import hashlib
import logging
import re
import threading
import time
from collections.abc import Callable, Iterable
from functools import partial

from django.conf import settings
from django.core.cache import cache
from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from django.db import transaction
from django.utils import timezone, translation
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

from .contributions import CacheNamespace, contributions

logger = logging.getLogger("apps.core.cache")

UNAVAILABLE = (RedisConnectionError, RedisTimeoutError, OSError)


# Called (in the process that noticed) when Redis answers again after an outage.
_recovery_hooks: list[Callable[[], None]] = []


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


# -- shared fragments and their invalidation (issue 9) ----------------------------------
#
# Public pages and list APIs cache what every visitor sees alike (the page's content
# fragment, a list API's JSON body) under a key made of: the fragment's name, the active
# language, the scheme and host, the sorted query parameters, the current minute (lists show
# "open now", correct to the minute) and one version number per *namespace* the fragment
# reads. A namespace is an app label whose data the fragment shows ("places", "canteens",
# "charging", "parks", "projects"); each app declares its own with a ``CacheNamespace``
# contribution (apps/core/contributions.py). Any save or delete of a model of a watched app (the
# admin's, a service's, an operator's status report, a Celery task's) bumps that app's
# version at once and again after the transaction commits, so the next request builds a new
# fragment: invalidation is immediate and needs no list of keys. The second bump, on commit,
# makes sure a fragment built by another process from not-yet-committed data is abandoned
# too. Old fragments simply expire (FRAGMENT_TIMEOUT).
#
# Per-visitor content (CSRF tokens, the signed-in user's name, unread-notice counts, follow
# buttons) lives outside the cached fragments, in the page around them.
#
# The versions live in the same cache as the fragments: Redis in production (shared by every
# web and worker process), local memory otherwise (one process, as under runserver; several
# processes need REDIS_URL).
#
# Live telemetry is the exception: operators report charge-point status many times a minute,
# and bumping "charging" for each report would rebuild every charging list on nearly every
# request. Changes made inside ``live_data_change("charging")`` (the status-report service)
# bump "charging-live" instead: pages that show one station's live pile status read that
# namespace and follow at once; lists, which are rebuilt every minute anyway, show
# availability as of the minute. An official's edit in the admin is never live data.
#
# While Redis does not answer, a change cannot bump its version, and the fragments cached
# before the outage are still in Redis when it comes back: the first process call that
# succeeds again bumps every namespace (bump_every_namespace), and the read that noticed the
# recovery is repeated.

LIVE_SUFFIX = "-live"
_live_apps: contextvars.ContextVar[frozenset] = contextvars.ContextVar("live_apps", default=frozenset())


def watched_namespaces() -> frozenset[str]:
    """Every namespace an installed app declared (``CacheNamespace``)."""
    return frozenset(n.name for n in contributions(CacheNamespace))


def facility_namespaces() -> tuple[str, ...]:
    """The namespaces holding facilities (the dashboard reads them all), in app order."""
    return tuple(n.name for n in contributions(CacheNamespace) if n.facilities)

FRAGMENT_TIMEOUT = 10 * 60
_VERSION_KEY = "ns-version:{}"


def _fresh_version() -> int:
    # never an earlier value again, even if the version key was evicted
    return time.time_ns()


def _versions_and_entry(namespaces: Iterable[str], key: str):
    """The current versions of ``namespaces`` and the entry stored at ``key`` if it was built
    from exactly those versions: one cache round trip (MGET) on a hit."""
    version_keys = [_VERSION_KEY.format(n) for n in namespaces]
    outage = not getattr(cache, "is_available", True)
    found = cache.get_many([*version_keys, key])
    if outage and getattr(cache, "is_available", True):
        # Redis has just answered again: every version was bumped on the way
        # (bump_every_namespace), so what this read returned is already outdated
        found = cache.get_many([*version_keys, key])
    for version_key in version_keys:
        if version_key not in found:
            cache.add(version_key, _fresh_version(), timeout=None)
            found[version_key] = cache.get(version_key, 0)
    versions = tuple(found[k] for k in version_keys)
    entry = found.get(key)
    if entry is not None and entry[0] == versions:
        return versions, entry[1]
    return versions, None


def bump_every_namespace() -> None:
    """After a Redis outage: changes made meanwhile could not bump their versions, and the
    fragments cached before it are still in Redis, so every namespace is bumped once by each
    process that saw the outage (any process whose bump failed saw it)."""
    for app_label in sorted(watched_namespaces()):
        bump_namespace(app_label)
        bump_namespace(app_label + LIVE_SUFFIX)


_recovery_hooks.append(bump_every_namespace)


def bump_namespace(namespace: str) -> None:
    key = _VERSION_KEY.format(namespace)
    try:
        cache.incr(key)
    except ValueError:  # no version yet (or the cache is unavailable)
        cache.set(key, _fresh_version(), timeout=None)


@contextlib.contextmanager
def live_data_change(app_label: str):
    """Model changes of ``app_label`` inside this block are live telemetry: they bump
    ``<app_label>-live``, not ``app_label`` (see above)."""
    token = _live_apps.set(_live_apps.get() | {app_label})
    try:
        yield
    finally:
        _live_apps.reset(token)


def data_changed(app_label: str) -> None:
    """``app_label``'s public data changed: bump now and, inside a transaction, once more
    after it commits (a request served between the two may have cached the old data)."""
    if app_label not in watched_namespaces():
        return
    namespace = app_label + LIVE_SUFFIX if app_label in _live_apps.get() else app_label
    bump_namespace(namespace)
    if transaction.get_connection().in_atomic_block:
        transaction.on_commit(partial(bump_after_commit, namespace))


def bump_after_commit(app_label: str) -> None:
    bump_namespace(app_label)


def _on_model_change(sender, **kwargs) -> None:
    meta = getattr(sender, "_meta", None)
    if meta is None or meta.app_label not in watched_namespaces():
        return
    if sender.__name__.startswith("Historical"):
        return  # the change itself is seen too
    data_changed(meta.app_label)


def connect_invalidation() -> None:
    """Called once from ``CoreConfig.ready()``."""
    from django.db.models.signals import m2m_changed, post_delete, post_save

    post_save.connect(_on_model_change, dispatch_uid="portal-fragments-save")
    post_delete.connect(_on_model_change, dispatch_uid="portal-fragments-delete")
    m2m_changed.connect(_on_m2m_change, dispatch_uid="portal-fragments-m2m")


def _on_m2m_change(sender, instance, action, model, **kwargs) -> None:
    if not action.startswith("post_"):
        return
    for label in {type(instance)._meta.app_label, model._meta.app_label}:
        data_changed(label)


def request_key(request, name: str, *, extra: Iterable[str] = ()) -> str:
    """The cache key of ``name`` for this request's language, scheme and host, sorted query
    parameters (and ``Accept`` for APIs)."""
    query = sorted((k, v) for k in request.GET for v in request.GET.getlist(k))
    parts = [
        name,
        translation.get_language() or "",
        request.scheme,
        request.get_host(),
        repr(query),
        request.headers.get("Accept", "") if name.startswith("api:") else "",
        *extra,
    ]
    digest = hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:40]
    return f"fragment:{name}:{digest}"


def cached(request, name: str, namespaces: Iterable[str], build: Callable, *, per_minute: bool = True,
           extra: Iterable[str] = (), timeout: int = FRAGMENT_TIMEOUT):
    """``build()``'s value for this request (see :func:`request_key`), from the cache when it
    was built from the current versions of ``namespaces`` (and, with ``per_minute``, in the
    current minute: lists say what is open now), else built and stored with them.
    ``build()`` must return something picklable, not None, holding no per-visitor data.

    When only the minute has moved on (the data has not changed), one process rebuilds and
    the others serve the previous minute's copy meanwhile, so a busy page is not rebuilt by
    every worker at once at each full minute. A data change is never served stale."""
    key = request_key(request, name, extra=extra)
    minute = timezone.localtime().strftime("%Y%m%d%H%M") if per_minute else ""
    versions, entry = _versions_and_entry(namespaces, key)
    rebuilding = None
    if entry is not None:
        built_in, value = entry
        if built_in == minute:
            return value
        rebuilding = f"{key}:rebuilding"
        if not cache.add(rebuilding, 1, timeout=30):
            return value  # another process is rebuilding it
    value = build()
    cache.set(key, (versions, (minute, value)), timeout)
    if rebuilding:
        cache.delete(rebuilding)
    return value


_CSRF_INPUT = re.compile(r'<input type="hidden" name="csrfmiddlewaretoken" value="[^"]*">')
_CSRF_PLACEHOLDER = "\x00csrf-token\x00"


def _sessionless(request) -> bool:
    """A visitor with no session and no pending messages: the page around the fragment
    is then the same for all of them, except for the CSRF tokens of the header's forms."""
    cookies = request.COOKIES
    return settings.SESSION_COOKIE_NAME not in cookies and "messages" not in cookies


def cached_page(request, *, name: str, namespaces: Iterable[str], build: Callable, template: str,
                shared: bool = True, per_minute: bool = True):
    """Render ``template`` (the page: base layout, per-visitor header) around a cached content
    fragment. ``build()`` returns ``(fragment_template, context, status)``; the fragment is
    rendered from it once per key and reused. ``shared=False`` (a signed-in visitor on a page
    whose fragment would show their own state) renders without the cache. The page template
    gets ``fragment`` (the HTML) and ``fragment_title``.

    For visitors without a session (most anonymous traffic) the whole page is cached too,
    keyed also by path and senior mode, with its CSRF tokens cut out: each response gets
    fresh tokens of its own (and the CSRF cookie, as with an ordinary render)."""
    from django.http import HttpResponse
    from django.middleware.csrf import get_token
    from django.shortcuts import render
    from django.template.loader import render_to_string
    from django.utils.safestring import mark_safe

    def make() -> dict:
        fragment_template, context, status = build()
        return {
            "html": render_to_string(fragment_template, context, request=request),
            "title": str(context.get("page_title", "")),
            "status": status,
        }

    def page() -> HttpResponse:
        fragment = cached(request, f"fragment:{name}", namespaces, make, per_minute=per_minute) if shared else make()
        return render(request, template, {
            "fragment": mark_safe(fragment["html"]),
            "fragment_title": fragment["title"],
        }, status=fragment["status"])

    if not (shared and _sessionless(request)):
        return page()

    def whole_page():
        response = page()
        content = response.content.decode(response.charset)
        return _CSRF_INPUT.sub(_CSRF_PLACEHOLDER, content), response.status_code, response["Content-Type"]

    content, status, content_type = cached(
        request, f"page:{name}", namespaces, whole_page, per_minute=per_minute,
        extra=(request.path, request.COOKIES.get("senior_mode", "")),
    )
    if _CSRF_PLACEHOLDER in content:
        token = get_token(request)  # also sends the CSRF cookie, as the template tag would
        content = content.replace(
            _CSRF_PLACEHOLDER, f'<input type="hidden" name="csrfmiddlewaretoken" value="{token}">'
        )
    return HttpResponse(content, status=status, content_type=content_type)


class _NotCacheable(Exception):
    def __init__(self, response):
        self.response = response


def cached_api_get(view, request, name: str, namespaces: Iterable[str], respond: Callable):
    """A read-only DRF list: the rendered JSON body of a 200 response for this language, host,
    query and ``Accept`` header is cached and served without touching the database.
    ``respond()`` is the view's normal GET handling (a DRF ``Response``); anything but a 200
    (a 400 for a bad filter) is returned as it is and not cached."""
    from django.http import HttpResponse

    def make():
        response = view.finalize_response(request, respond())
        response.render()
        renderer = getattr(response, "accepted_renderer", None)
        if response.status_code != 200 or getattr(renderer, "format", "") != "json":
            # errors, and the browsable API's HTML (it shows the user and a CSRF token)
            raise _NotCacheable(response)
        headers = {h: response[h] for h in ("Content-Type", "Allow", "Vary") if h in response}
        return response.content, headers

    try:
        content, headers = cached(request, f"api:{name}", namespaces, make)
    except _NotCacheable as answer:
        return answer.response
    response = HttpResponse(content)
    for header, value in headers.items():
        response[header] = value
    return response
