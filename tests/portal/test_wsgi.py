"""portal.wsgi: what the servers load (gunicorn, bench/lists.py) sets Django up, then freezes
the start-up's objects out of the garbage collector's sight, and again (once) after the first
requests built what they build once (issue 21)."""

import os
import subprocess
import sys

from django.conf import settings

PROBE = """
import gc, portal.wsgi
from django.core.signals import request_finished
frozen = gc.get_freeze_count()
gc.collect()
after_collect = gc.get_freeze_count()
built_by_requests = [[n] for n in range(5000)]
for _ in range(portal.wsgi.WARM_UP_REQUESTS - 1):
    request_finished.send(sender=None)
before_warm = gc.get_freeze_count()
request_finished.send(sender=None)
warm = gc.get_freeze_count()
request_finished.send(sender=None)
print(frozen, after_collect, before_warm, warm, gc.get_freeze_count(), callable(portal.wsgi.application))
"""


def test_start_up_and_warm_up_objects_are_frozen():
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "portal.settings", "PYTHONPATH": str(settings.BASE_DIR)}
    done = subprocess.run([sys.executable, "-c", PROBE], env=env, cwd=settings.BASE_DIR, capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    frozen, after_collect, before_warm, warm, later, app = done.stdout.split()
    frozen, after_collect, before_warm, warm, later = map(int, (frozen, after_collect, before_warm, warm, later))
    assert frozen > 50_000  # Django, the apps and their URL patterns
    # (a frozen object freed by its reference count leaves the count: "about")
    assert abs(after_collect - frozen) < 100 and abs(before_warm - frozen) < 100  # collections leave them alone
    assert warm >= before_warm + 5000  # after the warm-up: what the first requests built too
    assert abs(later - warm) < 100  # once
    assert app == "True"
