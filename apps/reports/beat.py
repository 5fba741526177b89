"""Periodic jobs of problem reports (merged into the beat schedule by ``portal.celery``). Task
names are plain strings (see ``apps/housing_swap/beat.py`` for why)."""

from celery.schedules import crontab

SCHEDULE = {
    # every working morning's digest of overdue reports (Beijing time: the beat runs in TIME_ZONE)
    "reports-overdue-digest": {
        "task": "apps.reports.tasks.send_overdue_digest",
        "schedule": crontab(hour=8, minute=30),
    },
    # escalation to the district administrators soon after a resolve deadline passes
    "reports-escalate": {
        "task": "apps.reports.tasks.escalate_overdue_reports",
        "schedule": crontab(minute=7),
    },
}
