"""Periodic jobs of the back office (merged into the beat schedule by portal/celery.py)."""

from celery.schedules import crontab

SCHEDULE = {
    "backoffice-sweep": {"task": "apps.backoffice.tasks.sweep", "schedule": 60.0},
    "backoffice-purge-expired": {"task": "apps.backoffice.tasks.purge_expired", "schedule": crontab(minute=17)},
}
