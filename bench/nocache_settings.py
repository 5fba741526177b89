"""The portal's settings with the cache bypassed (bench/lists.py): every list request reads the
database, as a resident's first look at a filter combination does."""

from portal.settings import *  # noqa: F403

CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
