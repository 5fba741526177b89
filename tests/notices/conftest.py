"""Fixtures of the notices tests. The real-worker fixture lives in ``worker.py``."""

import pytest

from portal.celery import app as celery_app

from .worker import celery_worker_factory, private_redis  # noqa: F401 - fixtures


@pytest.fixture(autouse=True)
def _celery_mode(request):
    """Tests that do not start a real worker run Celery eagerly (in-process), also when
    REDIS_URL is set, so nothing is left queued in Redis for nobody."""
    if request.node.get_closest_marker("worker"):
        yield
        return
    previous = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = True
    yield
    celery_app.conf.task_always_eager = previous


@pytest.fixture(autouse=True)
def _sms_file(settings, tmp_path):
    settings.SMS_FILE_PATH = str(tmp_path / "sms.jsonl")
    settings.SMS_BACKEND = "apps.notices.sms.LocalSMSBackend"
    settings.PORTAL_BASE_URL = "https://portal.example"
    return settings.SMS_FILE_PATH
