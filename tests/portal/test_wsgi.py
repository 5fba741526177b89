"""portal.wsgi: what the servers load (gunicorn, bench/lists.py) sets Django up and then freezes
the start-up's objects out of the garbage collector's sight (issue 21)."""

import os
import subprocess
import sys

from django.conf import settings

PROBE = """
import gc, portal.wsgi
frozen = gc.get_freeze_count()
gc.collect()
print(frozen, gc.get_freeze_count(), callable(portal.wsgi.application))
"""


def test_start_up_objects_are_frozen():
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "portal.settings", "PYTHONPATH": str(settings.BASE_DIR)}
    done = subprocess.run([sys.executable, "-c", PROBE], env=env, cwd=settings.BASE_DIR, capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    frozen, after_collect, app = done.stdout.split()
    assert int(frozen) > 50_000  # Django, the apps and their URL patterns
    assert int(after_collect) == int(frozen)  # a full collection leaves them alone
    assert app == "True"
