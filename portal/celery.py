"""Celery application. Reads the same Django settings (namespace ``CELERY_``).

With ``REDIS_URL`` unset, settings switch Celery to eager mode: tasks run in-process.
Each app may declare periodic jobs as ``SCHEDULE = {...}`` in ``apps/<app>/beat.py``;
they are merged into the beat schedule here.
"""

import os
from importlib import import_module

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")

app = Celery("portal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@app.on_after_finalize.connect
def _collect_beat_schedules(sender, **kwargs):
    from django.apps import apps as django_apps

    schedule = dict(sender.conf.beat_schedule or {})
    for config in django_apps.get_app_configs():
        if not config.name.startswith("apps."):
            continue
        try:
            module = import_module(f"{config.name}.beat")
        except ModuleNotFoundError as exc:
            if exc.name != f"{config.name}.beat":
                raise
            continue
        schedule.update(module.SCHEDULE)
    sender.conf.beat_schedule = schedule
