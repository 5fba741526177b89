import pytest

# a real Celery worker and throwaway redis-servers (the notices tests' machinery)
from tests.notices.worker import celery_worker_factory, private_redis  # noqa: F401 - fixtures


@pytest.fixture
def fast_hasher(settings):
    """Argon2 costs ~0.1 s per hash; tests that sign in hundreds of times use MD5."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def no_lockout(settings):
    settings.AUTH_FAILURE_LIMIT_PER_USER = 10**6
    settings.AUTH_FAILURE_LIMIT_PER_IP = 10**6
    settings.AXES_ENABLED = False  # the admin's lockout (apps/accounts/security.py)
