"""Periodic jobs of the scheme (merged into the beat schedule by ``portal.celery``).

Names come from the task objects, so a job names only a task that exists and is registered
wherever the schedule is read (importing ``tasks`` registers it)."""

from celery.schedules import crontab

from . import tasks

SCHEDULE = {
    "housing-swap-retention": {
        "task": tasks.anonymise_expired_applications.name,
        "schedule": crontab(hour=3, minute=17),
    },
    "housing-swap-abandoned-drafts": {
        "task": tasks.delete_abandoned_drafts.name,
        "schedule": crontab(hour=3, minute=27),
    },
}
