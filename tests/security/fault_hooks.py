"""Installed only in the test workers of tests/security (worker_settings.py): slows chosen
steps of real tasks down, from environment variables, so that a test can SIGKILL the worker
while a task is half done. Nothing else about the tasks changes.

``PORTAL_TEST_SLOW_AUDIT``           seconds to wait after each housing-swap audit row is
                                     written (inside the anonymisation's transaction)
``PORTAL_TEST_SLOW_COVERAGE``        seconds to wait in each coverage computation (per kind)
``PORTAL_TEST_COVERAGE_LOCK_SECONDS`` lifetime of the coverage recompute lock
"""

import functools
import os
import time

from django.apps import AppConfig


def _slowed(function, seconds: float, *, after: bool):
    @functools.wraps(function)
    def wrapper(*args, **kwargs):
        if not after:
            time.sleep(seconds)
        result = function(*args, **kwargs)
        if after:
            time.sleep(seconds)
        return result

    return wrapper


class FaultHooksConfig(AppConfig):
    name = "tests.security.fault_hooks"
    label = "security_fault_hooks"

    def ready(self):
        if seconds := float(os.environ.get("PORTAL_TEST_SLOW_AUDIT", "0")):
            from apps.housing_swap.services import privacy

            privacy.audit_write = _slowed(privacy.audit_write, seconds, after=True)
        if seconds := float(os.environ.get("PORTAL_TEST_SLOW_COVERAGE", "0")):
            from apps.coverage import compute

            compute.compute = _slowed(compute.compute, seconds, after=True)
        if lock := os.environ.get("PORTAL_TEST_COVERAGE_LOCK_SECONDS"):
            from apps.coverage import tasks

            tasks.LOCK_SECONDS = int(lock)
