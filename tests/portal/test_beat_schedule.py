"""The beat schedule is whole whatever imports a ``beat.py`` first: a beat module that read a
task object's ``.name`` finalized the Celery app while it was half imported, and the schedule
collector then left the whole schedule empty (seen as a test-order failure in CI's one-process
pass). A fresh interpreter, so the app is finalized here and nowhere else."""

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

SCRIPT = """
import json, os
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
os.environ.setdefault("DJANGO_DEBUG", "1")
import django
django.setup()
from importlib import import_module
from django.apps import apps
beats = {}
for config in apps.get_app_configs():
    try:
        beats[config.name] = import_module(config.name + ".beat").SCHEDULE  # a beat module first
    except ModuleNotFoundError:
        pass
from portal.celery import app
app.loader.import_default_modules()
app.finalize()
print(json.dumps({"expected": sorted(k for s in beats.values() for k in s),
                  "schedule": sorted(app.conf.beat_schedule),
                  "unregistered": sorted(e["task"] for s in beats.values() for e in s.values()
                                         if e["task"] not in app.tasks)}))
"""


def test_every_apps_jobs_are_scheduled_and_registered():
    result = subprocess.run([sys.executable, "-c", SCRIPT], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr[-2000:]
    found = json.loads(result.stdout.strip().splitlines()[-1])
    assert found["expected"] and set(found["expected"]) <= set(found["schedule"])
    assert {"notices-sweep", "housing-swap-retention", "reports-escalate"} <= set(found["schedule"])
    assert found["unregistered"] == []
