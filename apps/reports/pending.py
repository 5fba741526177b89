"""The problem-report lines of the staff's pending work (``apps.backoffice.pending``): open
reports of the user's sub-districts past the resolve deadline, and those not acknowledged in
time (one counting query for both)."""

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from apps.core.admin_mixins import changelist_url
from apps.core.contributions import PendingWork


def _counts(context) -> dict:
    if "reports.overdue" not in context.memo:
        from .models import Report, Status

        now = context.now
        context.memo["reports.overdue"] = Report.objects.open().in_sub_districts(context.scope()).aggregate(
            resolve=Count("pk", filter=Q(resolve_due__lt=now)),
            acknowledge=Count("pk", filter=Q(status=Status.SUBMITTED, acknowledge_due__lt=now)),
        )
    return context.memo["reports.overdue"]


PENDING_WORK = [
    PendingWork(
        key="reports_overdue", label=_("Problem reports past the resolve deadline"),
        permission="reports.handle_report", order=20,
        count=lambda user, context: _counts(context)["resolve"],
        url=lambda context: changelist_url("reports.report", queue="overdue"),
    ),
    PendingWork(
        key="reports_acknowledge_overdue", label=_("Problem reports not acknowledged in time"),
        permission="reports.handle_report", order=21,
        count=lambda user, context: _counts(context)["acknowledge"],
        url=lambda context: changelist_url("reports.report", queue="ack_overdue"),
    ),
]
