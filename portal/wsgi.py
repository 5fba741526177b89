import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
application = get_wsgi_application()

# What the start-up built (modules, classes, URL patterns, settings: ~150,000 objects) lives as
# long as the process. Frozen out of the garbage collector's sight, a full collection looks at
# what requests made since: 11-19 ms instead of 54-116 ms, which otherwise fell on a random
# request every few hundred (bench/lists.py; issue 21).
gc.freeze()
