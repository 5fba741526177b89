"""Thin, idempotent tasks: no personal data in arguments."""

from celery import shared_task

from . import services


@shared_task(autoretry_for=(Exception,), retry_backoff=60, retry_backoff_max=3600, max_retries=5)
def anonymise_expired_applications() -> int:
    return services.applications_anonymise_expired()


@shared_task(autoretry_for=(Exception,), retry_backoff=60, retry_backoff_max=3600, max_retries=5)
def delete_abandoned_drafts() -> int:
    return services.drafts_delete_abandoned()
