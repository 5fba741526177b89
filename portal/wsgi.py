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

# The collector runs between requests, not during them. A list request leaves ~2,000 objects
# that only the collector frees (a row and its prefetched rows, a serializer and its fields
# refer to each other); at Python's default threshold (700) it ran two or three times inside
# every list request, each time walking all the request still held: 1.7-2.1 ms of CPU per
# request of bench/lists.py's mix. Once the response is sent, those objects are garbage and
# one young collection frees them: 0.6 ms (issue 21). The schedule is Python's own (a middle
# collection every 10th young one, a full one every 10th middle one), run at the end of each
# request; the young threshold stays as a safety net for a request building a great deal.
YOUNG_DURING_REQUEST = 20_000
gc.set_threshold(YOUNG_DURING_REQUEST, 10, 10)


def _collect_between_requests(**kwargs) -> None:
    _young, young_collections, middle_collections = gc.get_count()
    _, middle_every, full_every = gc.get_threshold()
    if young_collections < middle_every:
        gc.collect(0)
    elif middle_collections < full_every:
        gc.collect(1)
    else:
        gc.collect(2)


request_finished.connect(_collect_between_requests)
