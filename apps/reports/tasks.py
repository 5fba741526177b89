"""Thin, idempotent tasks: no personal data in arguments."""

from celery import shared_task

from .services import deadlines


@shared_task(autoretry_for=(Exception,), retry_backoff=60, retry_backoff_max=3600, max_retries=5)
def send_overdue_digest() -> int:
    return deadlines.overdue_digest_send()


@shared_task(autoretry_for=(Exception,), retry_backoff=60, retry_backoff_max=3600, max_retries=5)
def escalate_overdue_reports() -> int:
    return deadlines.reports_escalate()
