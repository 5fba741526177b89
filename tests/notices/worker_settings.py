"""Settings of the real Celery worker the notices tests start: the portal's settings, plus
``NOTICES_*`` tunables from the environment (short backoff for the tests)."""

import os

from portal.settings import *  # noqa: F403

for _name in (
    "NOTICES_RETRY_BASE_SECONDS", "NOTICES_SENDING_LEASE_SECONDS", "NOTICES_SWEEP_AFTER_SECONDS",
    "NOTICES_MAX_ATTEMPTS",
):
    if _name in os.environ:
        globals()[_name] = float(os.environ[_name])
