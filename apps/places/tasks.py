"""Thin Celery tasks of the places app."""

from celery import shared_task

from . import open_state


@shared_task(name="places.refresh_open_states")
def refresh_open_states() -> int:
    """The stored open-now states run out or never computed, computed (apps.places.open_state)."""
    return open_state.refresh_open_states()
