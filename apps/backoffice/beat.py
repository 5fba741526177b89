"""Periodic jobs of the back office (merged into the beat schedule by portal/celery.py)."""

from celery.schedules import crontab

SCHEDULE = {
    "backoffice-sweep": {"task": "apps.backoffice.tasks.sweep", "schedule": 60.0},
    "backoffice-purge-expired": {"task": "apps.backoffice.tasks.purge_expired", "schedule": crontab(minute=17)},
    # search terms and row results of old jobs (issue 18 item 13)
    "backoffice-clear-old-jobs": {"task": "apps.backoffice.tasks.clear_old", "schedule": crontab(hour=3, minute=47)},
}
