"""Reads with constant query counts."""

import datetime as dt

from django.db.models import Count, Prefetch, Q, Sum
from django.utils import timezone

from .models import (
    Application,
    ApplicationDocument,
    ApplicationEvent,
    NewHomeProject,
    Round,
    Status,
    Voucher,
    VoucherStatus,
)


def rounds_public():
    return Round.objects.public().prefetch_related("eligible_sub_districts", "projects").order_by("-number")


def projects_public():
    return NewHomeProject.objects.select_related("sub_district").prefetch_related("rounds").order_by("name")


def applications_of(user):
    return (
        Application.objects.visible_to_applicant(user)
        .select_related("round", "desired_project", "old_home_sub_district")
        .prefetch_related("documents", "members", "vouchers")
    )


def application_for_applicant(user, pk: int) -> Application:
    """The caller's own application or ``Application.DoesNotExist`` (-> 404)."""
    return (
        applications_of(user)
        .prefetch_related(
            Prefetch("events", queryset=ApplicationEvent.objects.order_by("created_at", "id")),
            "round__projects",
        )
        .get(pk=pk)
    )


def document_for_viewer(pk: int) -> ApplicationDocument:
    return ApplicationDocument.objects.select_related("application").get(pk=pk)


def round_statistics():
    """Per-round counts by status and voucher ledger totals."""
    rounds = Round.objects.annotate(
        applications_total=Count("applications", filter=~Q(applications__status=Status.DRAFT), distinct=True),
        applications_pending=Count(
            "applications", filter=Q(applications__status__in=Status.REVIEW_QUEUE), distinct=True),
        applications_approved=Count(
            "applications", filter=Q(applications__status__in=Status.GRANTED), distinct=True),
        applications_rejected=Count("applications", filter=Q(applications__status=Status.REJECTED), distinct=True),
        applications_withdrawn=Count("applications", filter=Q(applications__status=Status.WITHDRAWN), distinct=True),
    ).order_by("number")
    ledger = {row["round"]: row for row in voucher_ledger()}
    return [(r, ledger.get(r.pk, {})) for r in rounds]


def voucher_ledger():
    """Totals issued, redeemed, voided and outstanding per round (one query)."""
    live = ~Q(status=VoucherStatus.VOIDED)
    return list(
        Voucher.objects.values("round", "round__number").order_by("round__number").annotate(
            issued_count=Count("id", filter=live),
            issued_amount=Sum("amount", filter=live),
            redeemed_count=Count("id", filter=Q(status=VoucherStatus.REDEEMED)),
            redeemed_amount=Sum("amount", filter=Q(status=VoucherStatus.REDEEMED)),
            voided_count=Count("id", filter=Q(status=VoucherStatus.VOIDED)),
            outstanding_amount=Sum("amount", filter=Q(status=VoucherStatus.ISSUED)),
        )
    )


def waiting_applications_by_reviewer(*, older_than_days: int = 5, now: dt.datetime | None = None) -> list[dict]:
    """For reviewer reminders: each assigned reviewer with the number of their applications
    waiting longer than ``older_than_days`` in a staff-side state (ids and counts only)."""
    now = now or timezone.now()
    before = now - dt.timedelta(days=older_than_days)
    rows = (
        Application.objects.filter(
            status__in=Status.AWAITING_STAFF,
            status_changed_at__lt=before, assigned_reviewer__isnull=False,
        )
        .values("assigned_reviewer")
        .annotate(count=Count("id"))
        .order_by("assigned_reviewer")
    )
    return [{"user_id": r["assigned_reviewer"], "count": r["count"]} for r in rows]
