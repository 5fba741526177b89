"""Namespace versions: how a change of data reaches the cached fragments (issue 9).

A cached fragment (``fragments``) is stored with one version number per *namespace* it
reads. A namespace is named by the app whose data it holds ("places", "canteens",
"charging", "parks", "projects", "coverage"); each app declares its own with a
``CacheNamespace`` contribution (apps/core/contributions.py), naming the models whose rows
the public pages show. A change of data bumps the namespace's version, at once and again
after the transaction commits, so the next request builds a new fragment: invalidation is
immediate and needs no list of keys. The second bump, on commit, makes sure a fragment built
by another process from not-yet-committed data is abandoned too. Old fragments simply expire
(``FRAGMENT_TIMEOUT``).

Who bumps: a save, delete or many-to-many change of a model a namespace declares (whoever
makes it: the admin, a service, an import, a Celery task) calls :func:`data_changed` through
signals connected for exactly those models when the app contributes its namespace; nothing
listens to models no namespace declares (accounts, notices, audit rows, history). Code that
changes data without a model signal (``QuerySet.update``, raw SQL) calls
:func:`data_changed` itself.

The versions live in the same cache as the fragments: Redis in production (shared by every
web and worker process), local memory otherwise (one process, as under runserver; several
processes need REDIS_URL).

Live telemetry is the exception: operators report charge-point status many times a minute,
and bumping "charging" for each report would rebuild every charging list on nearly every
request. Changes made inside ``live_data_change("charging")`` (the status-report service)
bump "charging-live" instead: pages that show one station's live pile status read that
namespace and follow at once; lists, which are rebuilt every minute anyway, show
availability as of the minute. An official's edit in the admin is never live data.

While Redis does not answer, a change cannot bump its version, and the fragments cached
before the outage are still in Redis when it comes back: the first process call that
succeeds again bumps every namespace (bump_every_namespace), and the read that noticed the
recovery is repeated.
"""

import contextlib
import contextvars
import time
from collections.abc import Iterable
from functools import partial

from django.apps import apps
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save

from ..contributions import CacheNamespace, contributions, on_contribution
from .backend import on_recovery

LIVE_SUFFIX = "-live"
FRAGMENT_TIMEOUT = 10 * 60
_VERSION_KEY = "ns-version:{}"
_live_apps: contextvars.ContextVar[frozenset] = contextvars.ContextVar("live_apps", default=frozenset())

# model label ("canteens.canteen") -> the namespace its rows belong to
_namespace_of_model: dict[str, str] = {}


def watched_namespaces() -> frozenset[str]:
    """Every namespace an installed app declared (``CacheNamespace``)."""
    return frozenset(n.name for n in contributions(CacheNamespace))


def facility_namespaces() -> tuple[str, ...]:
    """The namespaces holding facilities (the dashboard reads them all), in app order."""
    return tuple(n.name for n in contributions(CacheNamespace) if n.facilities)


def watched_models() -> dict[str, str]:
    """Model label -> namespace, for every model a namespace declares."""
    return dict(_namespace_of_model)


def _fresh_version() -> int:
    # never an earlier value again, even if the version key was evicted
    return time.time_ns()


def versions_and_entry(namespaces: Iterable[str], key: str):
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


def bump_namespace(namespace: str) -> None:
    key = _VERSION_KEY.format(namespace)
    try:
        cache.incr(key)
    except ValueError:  # no version yet (or the cache is unavailable)
        cache.set(key, _fresh_version(), timeout=None)


def bump_every_namespace() -> None:
    """After a Redis outage: changes made meanwhile could not bump their versions, and the
    fragments cached before it are still in Redis, so every namespace is bumped once by each
    process that saw the outage (any process whose bump failed saw it)."""
    for namespace in sorted(watched_namespaces()):
        bump_namespace(namespace)
        bump_namespace(namespace + LIVE_SUFFIX)


on_recovery(bump_every_namespace)


@contextlib.contextmanager
def live_data_change(namespace: str):
    """Changes of ``namespace``'s models inside this block are live telemetry: they bump
    ``<namespace>-live``, not ``namespace`` (see above)."""
    token = _live_apps.set(_live_apps.get() | {namespace})
    try:
        yield
    finally:
        _live_apps.reset(token)


def data_changed(namespace: str) -> None:
    """``namespace``'s public data changed: bump now and, inside a transaction, once more
    after it commits (a request served between the two may have cached the old data)."""
    if namespace not in watched_namespaces():
        return
    if namespace in _live_apps.get():
        namespace += LIVE_SUFFIX
    bump_namespace(namespace)
    if transaction.get_connection().in_atomic_block:
        transaction.on_commit(partial(bump_namespace, namespace))


# -- the declared models' signals -------------------------------------------------------

def _on_row_change(sender, **kwargs) -> None:
    namespace = _namespace_of_model.get(sender._meta.label_lower)
    if namespace is not None:
        data_changed(namespace)


def _on_m2m_change(sender, instance, action, model, **kwargs) -> None:
    if not action.startswith("post_"):
        return
    for label in {type(instance)._meta.label_lower, model._meta.label_lower}:
        if label in _namespace_of_model:
            data_changed(_namespace_of_model[label])


def _watch(app_label: str, namespace: CacheNamespace) -> None:
    """Connect the signals of the models ``namespace`` declares (called for each
    ``CacheNamespace`` contribution, when it is made)."""
    for label in namespace.models:
        model = apps.get_model(label)
        label = model._meta.label_lower
        _namespace_of_model[label] = namespace.name
        post_save.connect(_on_row_change, sender=model, dispatch_uid=f"cache-save:{label}")
        post_delete.connect(_on_row_change, sender=model, dispatch_uid=f"cache-delete:{label}")
        for field in model._meta.local_many_to_many:
            through = field.remote_field.through
            m2m_changed.connect(_on_m2m_change, sender=through,
                                dispatch_uid=f"cache-m2m:{through._meta.label_lower}")


on_contribution(CacheNamespace, _watch)
