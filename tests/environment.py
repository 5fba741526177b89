"""Loaded with ``-p tests.environment`` before Django is set up: test-only defaults.

The settings module itself has no test mode; the suite runs production-shaped settings
(debug off) with a throwaway secret key and without the HTTPS redirect, since the test
client speaks plain HTTP.
"""

import os
import tempfile

os.environ.setdefault("DJANGO_SECRET_KEY", "test-only-secret-key-not-for-production-0123456789")
os.environ.setdefault("PERSONAL_DATA_KEY", "test-only-personal-data-key-not-for-production")
os.environ.setdefault("DJANGO_SECURE_SSL_REDIRECT", "0")
os.environ.setdefault("MAP_TILE_URL", "")
os.environ.setdefault("DJANGO_STATIC_MANIFEST", "0")  # no collectstatic needed for tests
os.environ.setdefault("EMAIL_BACKEND", "django.core.mail.backends.locmem.EmailBackend")
_tmp = tempfile.mkdtemp(prefix="portal-test-")
os.environ.setdefault("DJANGO_MEDIA_ROOT", os.path.join(_tmp, "media"))
os.environ.setdefault("DJANGO_PRIVATE_MEDIA_ROOT", os.path.join(_tmp, "private"))
os.environ.setdefault("SMS_FILE_PATH", os.path.join(_tmp, "sms"))
os.environ.setdefault("EMAIL_FILE_PATH", os.path.join(_tmp, "email"))
# Each test run gets its own failure counters and throttles.
os.environ.setdefault("THROTTLE_REGISTER", "1000/hour")
