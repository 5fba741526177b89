"""Deadlines after the fact: the daily digest of overdue reports to the officials who answer
for them, and the escalation to the district administrators once a report is past its resolve
deadline. Both are idempotent: the digest is one notice per official, day and channel (the
notices' ``dedupe_key``), an escalation happens once per report (``escalated_at``, set in the
transaction that publishes it)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone

from apps.notices.services import event_publish

from .. import working_time
from ..models import Report, ReportEvent, RoutingRule, Status
from . import notify, routing

DIGEST_REFERENCES = 20  # at most this many references listed in one digest
ESCALATE_BATCH = 500


def overdue_reports(now: dt.datetime):
    """Open reports past a deadline: not acknowledged in time, or not resolved in time."""
    return Report.objects.filter(is_open=True).filter(
        Q(status=Status.SUBMITTED, acknowledge_due__lt=now) | Q(resolve_due__lt=now)
    )


def overdue_digest_send(*, now: dt.datetime | None = None) -> int:
    """One digest per responsible official and Beijing day, listing their overdue reports.
    Sent again the same day, it adds nothing. Returns the number of officials it reached."""
    now = now or timezone.now()
    day = now.astimezone(working_time.BEIJING).date()
    groups = (overdue_reports(now).values("sub_district_id", "routing_rule_id")
              .annotate(n=Count("pk"), ack=Count("pk", filter=Q(status=Status.SUBMITTED, acknowledge_due__lt=now)),
                        late=Count("pk", filter=Q(resolve_due__lt=now))))
    rules = {r.pk: r for r in RoutingRule.objects.filter(pk__in={g["routing_rule_id"] for g in groups} - {None})}
    per_user: dict[int, dict] = defaultdict(lambda: {"count": 0, "acknowledge": 0, "resolve": 0, "keys": []})
    for group in groups:
        rule = rules.get(group["routing_rule_id"])
        for user_id in routing.officials_for(sub_district_id=group["sub_district_id"], rule=rule):
            mine = per_user[user_id]
            mine["count"] += group["n"]
            mine["acknowledge"] += group["ack"]
            mine["resolve"] += group["late"]
            mine["keys"].append((group["sub_district_id"], group["routing_rule_id"]))
    for user_id, mine in sorted(per_user.items()):
        references = _references(mine["keys"], now)
        with transaction.atomic():
            event_publish(
                kind=notify.OVERDUE_DIGEST, subject=f"reports.digest:{day.isoformat()}", recipients=[user_id],
                context={"date": day.isoformat(), "count": mine["count"], "acknowledge_overdue": mine["acknowledge"],
                         "resolve_overdue": mine["resolve"], "references": references},
                link=notify.queue_link("overdue"), dedupe_key=f"reports.overdue:{day.isoformat()}:{user_id}",
            )
    return len(per_user)


def _references(keys, now) -> list[str]:
    condition = Q()
    for sub_district_id, rule_id in keys:
        condition |= Q(sub_district_id=sub_district_id, routing_rule_id=rule_id)
    ids = overdue_reports(now).filter(condition).order_by("resolve_due", "id").values_list("pk", flat=True)
    return [Report(pk=pk).reference for pk in ids[:DIGEST_REFERENCES]]


def reports_escalate(*, now: dt.datetime | None = None) -> int:
    """Escalate every open report past its resolve deadline to the district administrators,
    once. Returns how many were escalated."""
    now = now or timezone.now()
    escalated = 0
    admins = routing.district_admins()
    while True:
        with transaction.atomic():
            batch = list(
                Report.objects.filter(is_open=True, escalated_at__isnull=True, resolve_due__lt=now)
                .select_for_update(skip_locked=True).select_related("category", "sub_district")
                .order_by("resolve_due", "id")[:ESCALATE_BATCH]
            )
            if not batch:
                return escalated
            for report in batch:
                report.escalated_at = now
                report.save(update_fields=["escalated_at"])
                ReportEvent.objects.create(report=report, action=ReportEvent.Action.ESCALATED,
                                           from_status=report.status, to_status=report.status, created_at=now)
                event_publish(
                    kind=notify.ESCALATED, subject=report, recipients=admins,
                    context=notify.context_for(report, sub_district=report.sub_district.name,
                                               resolve_due=report.resolve_due.isoformat()),
                    link=notify.admin_link(report), dedupe_key=f"reports.escalated:{report.pk}",
                )
            escalated += len(batch)
