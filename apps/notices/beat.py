"""Periodic jobs of the notices app (merged into the beat schedule by portal/celery.py).
Crontab times are Beijing time (CELERY_TIMEZONE)."""

from celery.schedules import crontab

SCHEDULE = {
    # re-queue notices the broker or a worker lost; well inside CONTRACT's 5 minutes
    "notices-sweep": {"task": "notices.sweep", "schedule": 60.0, "options": {"expires": 55}},
    "notices-digest-daily": {"task": "notices.digest", "schedule": crontab(hour=8, minute=0), "args": ("daily",)},
    "notices-digest-weekly": {
        "task": "notices.digest", "schedule": crontab(hour=8, minute=0, day_of_week="mon"), "args": ("weekly",),
    },
    # registered providers (see apps/notices/reminders.py), e.g. housing-swap reviewers
    "notices-reminders": {"task": "notices.reminders", "schedule": crontab(hour=9, minute=0)},
    # a followed facility's part out of order for long (issue 20): told once per outage
    "notices-facility-outages": {"task": "notices.facility_outages", "schedule": 300.0, "options": {"expires": 290}},
    # notices and their texts past NOTICES_RETENTION_DAYS (issue 18 item 13)
    "notices-retention": {"task": "notices.retention", "schedule": crontab(hour=3, minute=37)},
}
