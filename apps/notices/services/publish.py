"""From a domain event to notice rows, in the caller's transaction (the outbox).

The fan-out never loads the recipients whole: their ids are streamed in chunks and each
chunk becomes one ``INSERT ... SELECT ... ON CONFLICT DO NOTHING`` per channel, which reads
the recipient's address and preference in the database. Delivery is scheduled with
``transaction.on_commit``: a rolled-back change leaves nothing behind and nothing is sent.
"""

from __future__ import annotations

import itertools
import logging
from collections.abc import Iterable, Iterator
from functools import partial

from django.contrib.auth import get_user_model
from django.db import IntegrityError, connection, models, transaction
from django.db.models.query import FlatValuesListIterable
from django.utils import timezone

from apps.core.queue import task

from .. import conf
from ..models import (
    DEFAULT_FREQUENCY,
    Channel,
    ContactVerification,
    Event,
    Frequency,
    Notice,
    NoticeStatus,
    NotificationPreference,
)

logger = logging.getLogger("apps.notices")


def subject_key(obj: models.Model | str) -> str:
    if isinstance(obj, str):
        return obj[:120]
    return f"{obj._meta.label_lower}:{obj.pk}"


@transaction.atomic
def event_publish(
    *,
    kind: str,
    subject: models.Model | str,
    recipients: models.QuerySet | Iterable[int],
    context: dict | None = None,
    link: str = "",
    actor=None,
    dedupe_key: str = "",
) -> Event:
    """The one door from a domain into notices.

    Call it inside the transaction that makes the change: it writes the event and one
    notice row per recipient and channel (in-app always; email when the recipient has a
    verified address and has not turned email off; SMS when they have a verified phone number
    and chose it),
    so a rolled-back change produces no notice, and delivery is scheduled only after commit.

    ``recipients`` is a queryset of users (or of user ids) or an iterable of user ids; it
    is streamed in chunks, never loaded whole. ``context`` holds non-personal values for the
    message templates (titles, numbers, statuses); never ID or phone numbers.

    ``dedupe_key`` (optional) makes a periodic publisher idempotent: a second call with the
    same key returns the first event and adds the recipients missing from it.
    """
    if dedupe_key:
        event = Event.objects.filter(dedupe_key=dedupe_key).first()
        if event is None:
            try:
                with transaction.atomic():
                    event = Event.objects.create(
                        kind=kind, subject=subject_key(subject), context=context or {}, link=link,
                        actor=actor, dedupe_key=dedupe_key,
                    )
            except IntegrityError:
                event = Event.objects.get(dedupe_key=dedupe_key)
    else:
        event = Event.objects.create(
            kind=kind, subject=subject_key(subject), context=context or {}, link=link, actor=actor
        )
    fanout(event=event, recipient_ids=recipient_id_stream(recipients))
    schedule_event_delivery(event_id=event.pk)
    return event


def recipient_id_stream(recipients) -> Iterator[int]:
    """User ids from a queryset of users, a flat queryset of ids or an iterable of ids,
    streamed (server-side cursor on PostgreSQL)."""
    chunk = conf.fanout_chunk()
    if isinstance(recipients, models.QuerySet):
        if recipients._iterable_class is not FlatValuesListIterable:
            if recipients.model is not get_user_model():
                raise TypeError("recipients must be users, user ids or a flat values_list of user ids")
            recipients = recipients.values_list("pk", flat=True)
        return (int(pk) for pk in recipients.order_by().iterator(chunk_size=chunk) if pk is not None)
    return (int(pk) for pk in recipients if pk is not None)


def chunked(ids: Iterable[int], size: int) -> Iterator[list[int]]:
    iterator = iter(ids)
    while batch := list(itertools.islice(iterator, size)):
        yield batch


def _insert_select_sql(*, channel: str, placeholders: str) -> str:
    """One INSERT ... SELECT for a chunk of recipients on one channel. Only quoted table
    names and ``%s`` placeholders are interpolated; every value is a parameter."""
    notice = Notice._meta.db_table
    user_model = get_user_model()
    user = user_model._meta.db_table
    pref = NotificationPreference._meta.db_table
    verification = ContactVerification._meta.db_table
    qn = connection.ops.quote_name
    columns = ", ".join(
        qn(c) for c in (
            "event_id", "recipient_id", "channel", "frequency", "status", "attempts", "last_error",
            "needs_reconcile", "created_at", "next_attempt_at", "sent_at",
        )
    )
    if channel == Channel.IN_APP:
        select = (
            f"SELECT %s, u.id, %s, %s, %s, 0, '', %s, %s, %s, %s FROM {qn(user)} u "  # noqa: S608
            f"WHERE u.id IN ({placeholders}) AND u.is_active "
        )
    else:
        # only to a verified address: the verification row names the address it proved, so
        # an address changed since is not verified any more (services/verification.py)
        # (for the channels of NOTICES_VERIFIED_CHANNELS; the others need an address only)
        column = "email" if channel == Channel.EMAIL else "phone"
        address = f"u.{column} <> ''"
        if channel in conf.verified_channels():
            address += (
                f" AND EXISTS (SELECT 1 FROM {qn(verification)} v WHERE v.user_id = u.id "  # noqa: S608
                f"AND v.channel = %s AND v.verified_at IS NOT NULL AND v.address = u.{column})"
            )
        frequency = "COALESCE(p.frequency, %s)"
        select = (
            f"SELECT %s, u.id, %s, {frequency}, "  # noqa: S608
            f"CASE WHEN {frequency} = %s THEN %s ELSE %s END, 0, '', %s, %s, %s, NULL "
            f"FROM {qn(user)} u LEFT JOIN {qn(pref)} p ON p.user_id = u.id AND p.channel = %s "
            f"WHERE u.id IN ({placeholders}) AND u.is_active AND {address} AND {frequency} <> %s "
        )
    return f"INSERT INTO {qn(notice)} ({columns}) {select}ON CONFLICT DO NOTHING"


def fanout(*, event: Event, recipient_ids: Iterable[int]) -> int:
    """Insert the event's notice rows, chunk by chunk. Returns the rows inserted."""
    now = timezone.now()
    inserted = 0
    with connection.cursor() as cursor:
        for ids in chunked(recipient_ids, conf.fanout_chunk()):
            placeholders = ", ".join(["%s"] * len(ids))
            for channel in (Channel.IN_APP, Channel.EMAIL, Channel.SMS):
                sql = _insert_select_sql(channel=channel, placeholders=placeholders)
                if channel == Channel.IN_APP:
                    params = [event.pk, str(channel), str(Frequency.IMMEDIATELY), str(NoticeStatus.SENT)]
                    cursor.execute(sql, [*params, False, now, now, now, *ids])
                    inserted += max(cursor.rowcount, 0)
                    continue
                default = str(DEFAULT_FREQUENCY[channel])
                params = [
                    event.pk, str(channel), default,
                    default, str(Frequency.IMMEDIATELY), str(NoticeStatus.CREATED), str(NoticeStatus.HELD),
                    False, now, now, str(channel), *ids,
                    *([str(channel)] if channel in conf.verified_channels() else []),  # the proof's channel
                    default, str(Frequency.OFF),
                ]
                cursor.execute(sql, params)
                inserted += max(cursor.rowcount, 0)
    return inserted


def schedule_event_delivery(*, event_id: int) -> None:
    """After commit, queue delivery of the event's notices that are due now."""
    transaction.on_commit(partial(enqueue_due, event_id=event_id))


def enqueue_due(*, event_id: int | None = None, ids: Iterable[int] | None = None) -> int:
    """Queue delivery tasks (ids only, ``NOTICES_BATCH_SIZE`` per task) for the event's
    notices waiting in ``created``, or for the given ids.

    A broker outage is logged, not raised: the rows stay in ``created`` and the sweeper
    queues them when the broker is back. Returns the number of ids queued."""
    deliver_notices = task("apps.notices.tasks.deliver_notices")
    if ids is None:
        ids = (
            Notice.objects.filter(event_id=event_id, status=NoticeStatus.CREATED)
            .order_by("pk").values_list("pk", flat=True).iterator(chunk_size=5000)
        )
    queued = 0
    for batch in chunked(ids, conf.batch_size()):
        try:
            deliver_notices.apply_async(
                args=[batch], retry=True,
                retry_policy={"max_retries": 1, "interval_start": 0, "interval_step": 0.5, "interval_max": 0.5},
            )
        except Exception as exc:
            if _is_broker_error(exc):
                logger.warning(
                    "notices: broker unavailable (%s); notices of event %s wait for the sweeper",
                    exc, event_id,
                )
                return queued
            raise
        queued += len(batch)
    return queued


def _is_broker_error(exc: Exception) -> bool:
    from kombu.exceptions import KombuError, OperationalError

    try:
        from redis.exceptions import RedisError
    except ImportError:  # pragma: no cover
        RedisError = OSError
    return isinstance(exc, OperationalError | KombuError | RedisError | ConnectionError | OSError | TimeoutError)
