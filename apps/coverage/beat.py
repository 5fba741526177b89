"""Periodic jobs of the coverage app (merged into the beat schedule by portal/celery.py)."""

from celery.schedules import crontab

SCHEDULE = {
    "coverage-refresh-all-nightly": {
        "task": "apps.coverage.tasks.refresh_all",
        # 02:40 Asia/Shanghai (CELERY_TIMEZONE), a quiet hour
        "schedule": crontab(hour=2, minute=40),
    },
}
