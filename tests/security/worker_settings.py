"""Settings of the real Celery workers started by the fault tests of tests/security: the
notices tests' worker settings, plus

* a short visibility timeout, scanned every second, so the message of a task whose worker
  was killed is re-delivered within seconds (production: an hour, see portal/settings.py);
* ``tests.security.fault_hooks``, which slows chosen steps down so that a test can kill the
  worker in the middle of a task (and shortens the coverage lock a killed worker leaves)."""

import os

from tests.notices.worker_settings import *  # noqa: F403

INSTALLED_APPS = [*INSTALLED_APPS, "tests.security.fault_hooks.FaultHooksConfig"]  # noqa: F405

CELERY_BROKER_TRANSPORT_OPTIONS = {
    **CELERY_BROKER_TRANSPORT_OPTIONS,  # noqa: F405
    "visibility_timeout": float(os.environ.get("PORTAL_TEST_VISIBILITY_TIMEOUT", "3")),
    "unacked_restore_interval": 1,
    "unacked_restore_throttle": 1,
}
