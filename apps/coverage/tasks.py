"""Thin Celery tasks: they take no personal data, are idempotent, and retry with backoff."""

import uuid

from celery import shared_task
from django.core.cache import cache

from .listeners import SCHEDULED_KEY

LOCK_KEY = "coverage:recompute-lock"
LOCK_SECONDS = 600


class _Lock:
    """A cache lock so two workers never recompute at the same time."""

    def __init__(self):
        self.token = uuid.uuid4().hex
        self.held = False

    def __enter__(self):
        self.held = cache.add(LOCK_KEY, self.token, timeout=LOCK_SECONDS)
        return self.held

    def __exit__(self, *exc):
        if self.held and cache.get(LOCK_KEY) == self.token:
            cache.delete(LOCK_KEY)


@shared_task(bind=True, max_retries=8, acks_late=True)
def recompute_pending(self):
    """Apply the queued facility changes to the stored coverage (debounced entry point)."""
    from .services import pending_apply

    # changes arriving from now on schedule a new run, which reads what this one leaves
    cache.delete(SCHEDULED_KEY)
    with _Lock() as acquired:
        if not acquired:
            raise self.retry(countdown=min(300, 10 * 2**self.request.retries))
        try:
            done = pending_apply()
        except Exception as exc:  # database hiccup: try again later, the queue is durable
            raise self.retry(exc=exc, countdown=min(300, 10 * 2**self.request.retries)) from exc
    return {kind: len(ids) for kind, ids in done.items()}


@shared_task(bind=True, max_retries=5, acks_late=True)
def refresh_all(self):
    """Nightly: recompute every community and kind, store the month's snapshot."""
    from .services import coverage_refresh_all

    with _Lock() as acquired:
        if not acquired:
            raise self.retry(countdown=min(600, 30 * 2**self.request.retries))
        done = coverage_refresh_all()
    return {kind: len(ids) for kind, ids in done.items()}


@shared_task(bind=True, max_retries=5, acks_late=True)
def recompute_communities(self, community_ids: list[int]):
    """Recompute every kind for these communities (after a community moved or was imported)."""
    from .services import coverage_recompute

    try:
        done = coverage_recompute(community_ids=community_ids)
    except Exception as exc:
        raise self.retry(exc=exc, countdown=min(300, 10 * 2**self.request.retries)) from exc
    return {kind: len(ids) for kind, ids in done.items()}
