"""Delivering notices: claim, send, record; the sweeper; the admin's "retry failed".

Lifecycle (models.TRANSITIONS)::

    created --claim--> sending --ok--> sent
                          |--error, attempts left--> failed_temporary --(backoff)--> claim again
                          |--error, none left / permanent--> failed_permanent
                          `--worker lost (lease expired, sweeper)--> failed_temporary + reconcile

Exactly once, honestly:

* In our database a notice is claimed by a conditional ``UPDATE ... WHERE status IN
  (created, failed_temporary) AND next_attempt_at <= now`` committed *before* sending; a
  re-run task or a re-delivered message finds nothing to claim and sends nothing.
* Towards the outside (SMTP, SMS provider) no protocol is transactional. If a worker dies
  between the provider accepting a message and our ``sent`` commit, the row stays in
  ``sending``; after the lease the sweeper marks it for *reconciliation*: before sending
  again the channel is asked whether it already has the message, by a stable per-notice
  key (``Message-ID <notice-<id>@host>``; the SMS ``reference``). The file and locmem email
  backends and the local SMS backend can answer, so with them delivery is exactly once. A
  channel that cannot answer (plain SMTP) follows ``NOTICES_UNCERTAIN_DELIVERY``: "resend"
  (default: at-least-once for that narrow window, duplicates recognisable by Message-ID or
  provider reference) or "fail" (at-most-once: mark failed_permanent for a person to look at).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import timedelta

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from .. import conf
from ..channels import ChannelSession, DeliveryError
from ..events import DIGEST
from ..models import CLAIMABLE, Channel, Notice, NoticeStatus
from ..quiet_hours import quiet_until
from .publish import chunked, enqueue_due

logger = logging.getLogger("apps.notices")
S = NoticeStatus


@dataclass(frozen=True)
class Outcome:
    notice_id: int
    result: str  # sent | skipped | deferred | failed_temporary | failed_permanent
    retry_in: float | None = None


def notices_deliver(*, notice_ids: list[int]) -> list[Outcome]:
    """Deliver each notice that can still be claimed. Safe to call any number of times.
    One query loads the batch; each notice then costs its claim and its result (two short
    commits), so a crash leaves at most the one notice in flight uncertain."""
    loaded = Notice.objects.select_related("event", "recipient").in_bulk(list(notice_ids))
    with ChannelSession() as session:
        return [notice_deliver(notice_id=pk, session=session, notice=loaded.get(pk)) for pk in notice_ids]


def notice_claim(*, notice_id: int, now) -> bool:
    """created/failed_temporary -> sending, only if nobody else did it first."""
    return bool(
        Notice.objects.filter(pk=notice_id, status__in=CLAIMABLE, next_attempt_at__lte=now)
        .exclude(channel=Channel.IN_APP)
        .update(status=S.SENDING, attempts=F("attempts") + 1, claimed_at=now)
    )


def notice_deliver(*, notice_id: int, session: ChannelSession, notice: Notice | None = None) -> Outcome:
    now = timezone.now()
    if notice is None:
        notice = Notice.objects.select_related("event", "recipient").filter(pk=notice_id).first()
    if notice is None or notice.status not in CLAIMABLE or notice.next_attempt_at > now:
        return Outcome(notice_id, "skipped")
    if notice.channel == Channel.SMS:
        user = notice.recipient
        until = quiet_until(now, user.sms_quiet_start, user.sms_quiet_end)
        if until is not None:
            Notice.objects.filter(pk=notice_id, status__in=CLAIMABLE).update(next_attempt_at=until)
            return Outcome(notice_id, "deferred")
    if not notice_claim(notice_id=notice_id, now=now):
        return Outcome(notice_id, "skipped")
    # what the claim just did (the row was loaded before it; the claim's WHERE guarantees
    # it was still claimable, so only a concurrent claim-and-fail in between could make
    # this count one short, which only shifts the backoff)
    notice.status, notice.attempts = S.SENDING, notice.attempts + 1

    if notice.needs_reconcile:
        known = session.already_sent(notice)
        if known is True:
            _mark_sent(notice, carried=None, note="reconciled: the channel already had it")
            return Outcome(notice_id, "sent")
        if known is None and conf.uncertain_delivery() == "fail":
            _fail(notice, "delivery uncertain after a lost worker; not resent", permanent=True)
            return Outcome(notice_id, S.FAILED_PERMANENT)
    try:
        carried = session.send(notice)
    except DeliveryError as exc:
        return _fail(notice, str(exc), permanent=exc.permanent)
    except Exception as exc:  # an unknown failure is recorded and retried
        logger.exception("notices: unexpected error sending notice %s", notice_id)
        return _fail(notice, f"{type(exc).__name__}: {exc}", permanent=False)
    _mark_sent(notice, carried=carried)
    return Outcome(notice_id, "sent")


def _mark_sent(notice: Notice, *, carried: list[int] | None, note: str = "") -> None:
    now = timezone.now()
    if notice.event.kind != DIGEST:
        Notice.objects.filter(pk=notice.pk, status=S.SENDING).update(
            status=S.SENT, sent_at=now, needs_reconcile=False, **({"last_error": note} if note else {})
        )
        return
    with transaction.atomic():
        Notice.objects.filter(pk=notice.pk, status=S.SENDING).update(
            status=S.SENT, sent_at=now, needs_reconcile=False, **({"last_error": note} if note else {})
        )
        held = Notice.objects.filter(digest=notice, status=S.HELD)
        # each held notice is marked delivered by exactly one digest: the one it is attached to
        (held if carried is None else held.filter(pk__in=carried)).update(status=S.SENT, sent_at=now)
        # attached after the digest was rendered: back to the pool for the next digest
        Notice.objects.filter(digest=notice, status=S.HELD).update(digest=None)


def _fail(notice: Notice, error: str, *, permanent: bool) -> Outcome:
    now = timezone.now()
    error = error[:2000]
    with transaction.atomic():
        if permanent or notice.attempts >= conf.max_attempts():
            Notice.objects.filter(pk=notice.pk, status=S.SENDING).update(
                status=S.FAILED_PERMANENT, last_error=error, needs_reconcile=False
            )
            # a failed digest gives its notices back for the next one
            Notice.objects.filter(digest=notice, status=S.HELD).update(digest=None)
            logger.warning("notices: notice %s failed permanently: %s", notice.pk, error)
            return Outcome(notice.pk, S.FAILED_PERMANENT)
        delay = conf.backoff_seconds(notice.attempts)
        Notice.objects.filter(pk=notice.pk, status=S.SENDING).update(
            status=S.FAILED_TEMPORARY, last_error=error, needs_reconcile=False,
            next_attempt_at=now + timedelta(seconds=delay),
        )
    logger.info("notices: notice %s attempt %s failed, retry in %ss", notice.pk, notice.attempts, delay)
    return Outcome(notice.pk, S.FAILED_TEMPORARY, retry_in=delay)


def notices_sweep(*, now=None) -> dict:
    """Recover what the broker or a worker lost; run every minute by beat.

    1. ``sending`` past the lease: the worker died mid-send -> ``failed_temporary`` marked
       for reconciliation (or ``failed_permanent`` once out of attempts).
    2. ``created`` / ``failed_temporary`` due for longer than ``NOTICES_SWEEP_AFTER_SECONDS``
       (the broker was down, the message was lost, a retry message never came): queued
       again, chunk by chunk; ``next_attempt_at`` is pushed to now so the next sweep leaves
       them alone for a while. A duplicate message is harmless (the claim).
    """
    now = now or timezone.now()
    lease_cutoff = now - timedelta(seconds=conf.sending_lease_seconds())
    due_cutoff = now - timedelta(seconds=conf.sweep_after_seconds())
    lost_message = "worker lost while sending (lease expired)"
    exhausted = Notice.objects.lease_expired(lease_cutoff).filter(attempts__gte=conf.max_attempts()).update(
        status=S.FAILED_PERMANENT, last_error=lost_message
    )
    recovered = Notice.objects.lease_expired(lease_cutoff).update(
        status=S.FAILED_TEMPORARY, needs_reconcile=True, last_error=lost_message, next_attempt_at=due_cutoff
    )
    queued = 0
    last = 0
    while True:
        ids = list(
            Notice.objects.filter(status__in=CLAIMABLE, next_attempt_at__lte=due_cutoff, pk__gt=last)
            .order_by("pk").values_list("pk", flat=True)[: conf.fanout_chunk()]
        )
        if not ids:
            break
        last = ids[-1]
        Notice.objects.filter(pk__in=ids, status__in=CLAIMABLE).update(next_attempt_at=now)
        sent_to_broker = enqueue_due(ids=ids)
        queued += sent_to_broker
        if sent_to_broker < len(ids):
            break  # broker down: try again next sweep
    result = {"recovered": recovered, "exhausted": exhausted, "queued": queued}
    if recovered or exhausted or queued:
        logger.info("notices: sweep %s", result)
    return result


def notices_retry(*, notice_ids, actor=None) -> int:
    """Admin "retry failed": failed notices (temporary or permanent) back to ``created``
    with a fresh set of attempts, queued after commit. Returns how many."""
    ids = list(
        Notice.objects.filter(pk__in=list(notice_ids), status__in=(S.FAILED_PERMANENT, S.FAILED_TEMPORARY))
        .exclude(channel=Channel.IN_APP).values_list("pk", flat=True)
    )
    now = timezone.now()
    with transaction.atomic():
        for batch in chunked(ids, 1000):
            Notice.objects.filter(pk__in=batch, status__in=(S.FAILED_PERMANENT, S.FAILED_TEMPORARY)).update(
                status=S.CREATED, attempts=0, next_attempt_at=now, needs_reconcile=False
            )
        transaction.on_commit(lambda: enqueue_due(ids=ids))
    logger.info("notices: %s failed notices re-queued by %s", len(ids), getattr(actor, "pk", None))
    return len(ids)
