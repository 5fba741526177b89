"""Thin Celery tasks: ids in, a service call, nothing personal in the message.

At-least-once on the broker side (settings: ``acks_late``, ``reject_on_worker_lost``,
prefetch 1, visibility timeout 3600 s > ``NOTICES_RETRY_MAX_SECONDS``); idempotent on ours
(each notice is claimed with a conditional UPDATE before it is sent).
"""

import logging

from celery import shared_task
from django.db import DatabaseError

from . import reminders, services
from .services.publish import _is_broker_error

logger = logging.getLogger("apps.notices")


@shared_task(
    name="notices.deliver", bind=True, acks_late=True, autoretry_for=(DatabaseError,),
    retry_backoff=5, retry_backoff_max=300, max_retries=8,
)
def deliver_notices(self, notice_ids: list[int]) -> dict:
    outcomes = services.notices_deliver(notice_ids=[int(pk) for pk in notice_ids])
    summary: dict[str, int] = {}
    for outcome in outcomes:
        summary[outcome.result] = summary.get(outcome.result, 0) + 1
        if outcome.retry_in is not None and not self.app.conf.task_always_eager:
            # the retry is a new message with a countdown; if it is lost the sweeper
            # finds the notice in failed_temporary once it is overdue
            try:
                deliver_notices.apply_async(args=[[outcome.notice_id]], countdown=outcome.retry_in)
            except Exception as exc:
                if not _is_broker_error(exc):
                    raise
                logger.warning("notices: could not queue retry of %s: %s", outcome.notice_id, exc)
    return summary


@shared_task(name="notices.sweep", acks_late=True)
def sweep() -> dict:
    return services.notices_sweep()


@shared_task(name="notices.digest", acks_late=True)
def digest(frequency: str) -> int:
    return services.digest_send(frequency=frequency)


@shared_task(name="notices.reminders", acks_late=True)
def send_reminders() -> int:
    return reminders.reminders_send()


@shared_task(name="notices.retention", acks_late=True)
def delete_expired() -> dict:
    return services.notices_delete_expired()


@shared_task(name="notices.facility_outages", acks_late=True)
def facility_outages() -> int:
    return services.facility_outages_notify()
