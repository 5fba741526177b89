"""Periodic jobs of the scheme (merged into the beat schedule by ``portal.celery``).

The task names are plain strings, as in every other app's ``beat.py``: reading a task
object's ``.name`` here finalizes the Celery app while this module is half imported, and the
schedule collector (run on finalize) then found no ``SCHEDULE`` and the whole beat schedule
stayed empty. ``tests/housing_swap/test_privacy.py`` checks that each name is a registered task."""

from celery.schedules import crontab

SCHEDULE = {
    "housing-swap-retention": {
        "task": "apps.housing_swap.tasks.anonymise_expired_applications",
        "schedule": crontab(hour=3, minute=17),
    },
    "housing-swap-abandoned-drafts": {
        "task": "apps.housing_swap.tasks.delete_abandoned_drafts",
        "schedule": crontab(hour=3, minute=27),
    },
}
