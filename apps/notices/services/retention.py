"""Retention of the notices' copies of their texts (issue 18 item 13).

A notice row and its event (whose ``context`` holds the values the message was written from:
titles, numbers, the note of a progress update...) are kept ``NOTICES_RETENTION_DAYS``
(default 365) after they were made, then deleted: the nightly ``notices-retention`` job.
Notices still waiting to go out (created, held, sending, failed but retrying) are kept until
they are delivered or given up on, and an event is deleted only once it has no notice left.
Verification codes sent (the rate-limit log) are deleted once outside every limit's window.
"""

from __future__ import annotations

import datetime as dt
import logging

from django.utils import timezone

from .. import conf
from ..models import PENDING, ContactCodeSent, Event, Notice
from .publish import chunked

logger = logging.getLogger("apps.notices")
CHUNK = 2000


def notices_delete_expired(*, now: dt.datetime | None = None, days: int | None = None) -> dict[str, int]:
    """Delete notices and events older than the retention period, in chunks (short
    transactions, no long lock on the tables). Idempotent. Returns the counts deleted."""
    now = now or timezone.now()
    days = conf.retention_days() if days is None else days
    before = now - dt.timedelta(days=days)
    notices = events = 0
    old_notices = (Notice.objects.filter(created_at__lt=before).exclude(status__in=PENDING)
                   .order_by("pk").values_list("pk", flat=True))
    for ids in chunked(list(old_notices.iterator(chunk_size=CHUNK)), CHUNK):
        notices += Notice.objects.filter(pk__in=ids).delete()[0]
    old_events = (Event.objects.filter(created_at__lt=before, notices__isnull=True)
                  .order_by("pk").values_list("pk", flat=True).distinct())
    for ids in chunked(list(old_events.iterator(chunk_size=CHUNK)), CHUNK):
        events += Event.objects.filter(pk__in=ids, notices__isnull=True).delete()[0]
    codes_before = now - dt.timedelta(seconds=max(conf.verify_window_seconds(), conf.verify_resend_seconds()))
    codes = ContactCodeSent.objects.filter(sent_at__lt=codes_before).delete()[0]
    logger.info("notices retention: %s notices, %s events and %s code records deleted", notices, events, codes)
    return {"notices": notices, "events": events, "codes": codes}
