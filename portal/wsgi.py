import gc
import os

from django.core.signals import request_finished
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
application = get_wsgi_application()

# What the start-up built (modules, classes, URL patterns, settings: ~150,000 objects) lives as
# long as the process, and so does what the first requests build once (compiled templates and
# SQL, translation catalogues, URL caches). Frozen out of the garbage collector's sight, a full
# collection looks only at what requests made since: 11-15 ms instead of 54-116 ms, which
# otherwise fell on a random request every few hundred (bench/lists.py; issue 21).
gc.freeze()

WARM_UP_REQUESTS = 200
_served = 0


def _freeze_after_warm_up(**kwargs) -> None:
    global _served
    _served += 1
    if _served >= WARM_UP_REQUESTS:
        request_finished.disconnect(_freeze_after_warm_up)
        gc.collect()
        gc.freeze()


request_finished.connect(_freeze_after_warm_up)
