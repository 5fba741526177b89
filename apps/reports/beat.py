"""Periodic jobs of problem reports (merged into the beat schedule by ``portal.celery``)."""

from celery.schedules import crontab

from . import tasks

SCHEDULE = {
    # every working morning's digest of overdue reports (Beijing time: the beat runs in TIME_ZONE)
    "reports-overdue-digest": {
        "task": tasks.send_overdue_digest.name,
        "schedule": crontab(hour=8, minute=30),
    },
    # escalation to the district administrators soon after a resolve deadline passes
    "reports-escalate": {
        "task": tasks.escalate_overdue_reports.name,
        "schedule": crontab(minute=7),
    },
}
