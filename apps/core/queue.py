"""Background work by name: a service schedules a Celery task through ``task("dotted.path")``
instead of importing the tasks module that imports it back (tasks stay thin wrappers around
services, and no import cycle runs services -> tasks -> services). Shared layers use it to
start work they do not own without importing its app."""

from django.utils.module_loading import import_string


def task(path: str):
    """The Celery task at ``path`` (``"apps.backoffice.tasks.run_bulk_job"``), imported on
    first use: call ``.delay(...)``, ``.apply_async(...)`` or ``.delay_on_commit(...)`` on it."""
    return import_string(path)
