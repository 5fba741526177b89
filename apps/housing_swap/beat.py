from celery.schedules import crontab

SCHEDULE = {
    "housing-swap-retention": {
        "task": "apps.housing_swap.tasks.anonymise_expired_applications",
        "schedule": crontab(hour=3, minute=17),
    },
}
