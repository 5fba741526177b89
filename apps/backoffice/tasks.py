"""Thin Celery tasks: ids only, idempotent (see ``services`` for the guarantees)."""

from celery import shared_task
from django.db import OperationalError

from . import services


@shared_task(bind=True, acks_late=True, autoretry_for=(OperationalError,), retry_backoff=5,
             retry_backoff_max=300, max_retries=8)
def run_bulk_job(self, job_id: int) -> None:
    services.bulk_job_run(job_id=job_id, delivery=self.request.retries or 0)


@shared_task
def sweep() -> int:
    return services.bulk_jobs_sweep()


@shared_task
def purge_expired() -> int:
    return services.bulk_jobs_purge_expired()


@shared_task
def clear_old() -> int:
    return services.bulk_jobs_clear_old()
