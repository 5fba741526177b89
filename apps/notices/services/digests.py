"""Daily and weekly digests: one message per user and channel carrying the notices held
for that frequency.

Each period has one digest event (``dedupe_key`` ``digest:<frequency>:<period>``) and each
user one digest notice per channel under it (the unique (event, recipient, channel)
constraint), so a re-run job makes no second digest. Held notices are attached to the
digest notice (``digest`` FK) only while it is still ``created``; they are marked ``sent``
together with it, so each is delivered by exactly one digest.
"""

from __future__ import annotations

import datetime as dt
from functools import partial

from django.db import transaction
from django.db.models import OuterRef, Subquery
from django.utils import timezone

from .. import conf
from ..events import DIGEST
from ..models import Channel, Frequency, Notice, NoticeStatus
from ..quiet_hours import BEIJING
from .publish import enqueue_due, event_publish

S = NoticeStatus
DIGEST_FREQUENCIES = (Frequency.DAILY, Frequency.WEEKLY)


def period_key(frequency: str, now: dt.datetime) -> str:
    local = now.astimezone(BEIJING).date()
    if frequency == Frequency.WEEKLY:
        year, week, _ = local.isocalendar()
        return f"{year}-W{week:02d}"
    return local.isoformat()


def digest_send(*, frequency: str, now: dt.datetime | None = None) -> int:
    """Make (and queue) the digest notices of this period. Returns how many were made."""
    if frequency not in DIGEST_FREQUENCIES:
        raise ValueError(f"not a digest frequency: {frequency}")
    now = now or timezone.now()
    period = period_key(frequency, now)
    key = f"digest:{frequency}:{period}"
    event = event_publish(
        kind=DIGEST, subject=key, recipients=[], context={"frequency": str(frequency), "period": period},
        link="/notices/", dedupe_key=key,
    )
    made = 0
    for channel in (Channel.EMAIL, Channel.SMS):
        held = Notice.objects.filter(
            status=S.HELD, frequency=frequency, channel=channel, digest__isnull=True, created_at__lte=now
        )
        last = 0
        while True:
            recipients = list(
                held.filter(recipient_id__gt=last).order_by("recipient_id")
                .values_list("recipient_id", flat=True).distinct()[: conf.fanout_chunk()]
            )
            if not recipients:
                break
            last = recipients[-1]
            made += _digest_chunk(event_id=event.pk, channel=channel, held=held, recipients=recipients, now=now)
    return made


@transaction.atomic
def _digest_chunk(*, event_id: int, channel: str, held, recipients: list[int], now) -> int:
    created = Notice.objects.bulk_create(
        [
            Notice(event_id=event_id, recipient_id=pk, channel=channel, status=S.CREATED,
                   created_at=now, next_attempt_at=min(now, timezone.now()))
            for pk in recipients
        ],
        ignore_conflicts=True,
    )
    open_digest = Notice.objects.filter(
        event_id=event_id, channel=channel, recipient_id=OuterRef("recipient_id"), status=S.CREATED
    ).values("pk")[:1]
    held.filter(recipient_id__in=recipients).update(digest_id=Subquery(open_digest))
    ids = list(
        Notice.objects.filter(event_id=event_id, channel=channel, recipient_id__in=recipients, status=S.CREATED)
        .values_list("pk", flat=True)
    )
    transaction.on_commit(partial(enqueue_due, ids=ids))
    return len(created)
