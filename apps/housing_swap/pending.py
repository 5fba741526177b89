"""The housing-swap lines of the staff's pending work (``apps.backoffice.pending``): files
in the review queue assigned to the user, and not assigned yet (one query for both); and
for the district admin, alerts of bulk access to applicants' documents (issue 18 item 2)."""

import datetime as dt

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from apps.core.admin_mixins import changelist_url
from apps.core.contributions import PendingWork


def _queue_counts(user, context) -> dict:
    if "housing_swap.queue" not in context.memo:
        from .models import Application

        context.memo["housing_swap.queue"] = Application.objects.in_review_queue().aggregate(
            mine=Count("pk", filter=Q(assigned_reviewer=user)),
            unassigned=Count("pk", filter=Q(assigned_reviewer__isnull=True)),
        )
    return context.memo["housing_swap.queue"]


PENDING_WORK = [
    PendingWork(
        key="applications_mine", label=_("Applications waiting for your review"),
        permission="housing_swap.view_application", order=10,
        count=lambda user, context: _queue_counts(user, context)["mine"],
        url=lambda context: changelist_url("housing_swap.application", waiting="mine"),
    ),
    PendingWork(
        key="applications_unassigned", label=_("Applications waiting for a reviewer"),
        permission="housing_swap.view_application", order=11,
        count=lambda user, context: _queue_counts(user, context)["unassigned"],
        url=lambda context: changelist_url("housing_swap.application", waiting="unassigned"),
    ),
    PendingWork(
        key="document_access_alerts", label=_("Bulk access to applicants' documents refused (last 7 days)"),
        permission="housing_swap.view_auditlog", order=12,
        count=lambda user, context: _access_alerts(context.now).count(),
        url=lambda context: changelist_url("housing_swap.auditlog", action="access_alert"),
    ),
]


def _access_alerts(now):
    from .models import AuditAction, AuditLog

    return AuditLog.objects.filter(action=AuditAction.ACCESS_ALERT, at__gte=now - dt.timedelta(days=ALERT_DAYS))


ALERT_DAYS = 7
