"""What coverage does when places reports changed facilities (published, moved, closed,
deleted): queue them in the same transaction, and after commit schedule one debounced
recomputation of the communities they may affect."""

from django.core.cache import cache
from django.db import transaction

from apps.core.queue import task

SCHEDULED_KEY = "coverage:recompute-scheduled"
DEBOUNCE_SECONDS = 10


def facilities_changed(facility_ids: list[int]) -> None:
    from .services import pending_mark

    if not facility_ids:
        return
    pending_mark(facility_ids=facility_ids)
    transaction.on_commit(schedule_recompute)


def schedule_recompute() -> None:
    """At most one recomputation waiting at a time: changes arriving within the debounce
    window join the queue the waiting task will read."""
    if cache.add(SCHEDULED_KEY, 1, timeout=DEBOUNCE_SECONDS * 30):
        task("apps.coverage.tasks.recompute_pending").apply_async(countdown=DEBOUNCE_SECONDS)
