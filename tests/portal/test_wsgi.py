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


COLLECTION_PROBE = """
import gc, weakref, portal.wsgi
from django.core.signals import request_finished

class Node:
    pass

def garbage_cycle():
    a, b = Node(), Node()
    a.other, b.other = b, a
    return weakref.ref(a)

print(gc.get_threshold()[0])
built = [garbage_cycle() for _ in range(3000)]  # more than Python's default threshold (700)
print(sum(ref() is not None for ref in built))  # held back during the request
request_finished.send(sender=None)
print(sum(ref() is not None for ref in built))  # freed once it ends
generations = []
for _ in range(120):
    before = gc.get_stats()
    request_finished.send(sender=None)
    after = gc.get_stats()
    generations.append(max(g for g in range(3) if after[g]["collections"] > before[g]["collections"]))
print(generations.count(0), generations.count(1), generations.count(2))
"""


def test_the_collector_runs_between_requests():
    """Garbage in reference cycles (a list request leaves ~2,000 objects so) is collected once
    the request ends, not two or three times during it; Python's own schedule decides which
    generation: a middle one every 10th time, a full one every 100th."""
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "portal.settings", "PYTHONPATH": str(settings.BASE_DIR)}
    done = subprocess.run([sys.executable, "-c", COLLECTION_PROBE], env=env, cwd=settings.BASE_DIR,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    threshold, during, after, schedule = done.stdout.splitlines()
    assert int(threshold) == 20_000
    assert int(during) == 3000
    assert int(after) == 0
    young, middle, full = map(int, schedule.split())
    assert young + middle + full == 120  # one collection at the end of every request
    assert 10 <= middle + full <= 12 and 1 <= full <= 2
