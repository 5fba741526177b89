"""The one place problem reports hand events to notices. Contexts hold no personal data."""

from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils import translation

from apps.accounts import roles
from apps.notices.services import event_publish

from .. import operators
from ..models import Report, ReportFollow, Status

SUBMITTED = "reports.submitted"
STATUS = "reports.status"
OVERDUE_DIGEST = "reports.overdue"
ESCALATED = "reports.escalated"
REOPENED = "reports.reopened"
TO_OPERATOR = "reports.operator"
HANDLE_PERM = "handle_report"


def _english(label) -> str:
    with translation.override(None):
        return str(label)


def context_for(report: Report, **extra) -> dict:
    category = report.category
    context = {
        "reference": report.reference,
        "category": category.name,
        "category_en": category.name_en or category.name,
        "status": report.status,
        "status_label": _english(Status(report.status).label),
        "public_answer": report.public_answer,
    }
    context.update(extra)
    return context


def followers(report: Report):
    return ReportFollow.objects.filter(report=report).values_list("user_id", flat=True)


def responsible_officials(sub_district_ids):
    """Active officials who handle reports in one of these sub-districts (scoped officials
    of the sub-district, and the district administrators)."""
    users = get_user_model().objects.filter(is_active=True)
    return users.filter(
        Q(groups__name=roles.OFFICIAL, sub_districts__in=sub_district_ids)
        | Q(groups__name=roles.DISTRICT_ADMIN)
    ).filter(
        Q(groups__permissions__codename=HANDLE_PERM, groups__permissions__content_type__app_label="reports")
        | Q(is_superuser=True)
    ).values_list("pk", flat=True).distinct()


def district_admins():
    return get_user_model().objects.filter(
        is_active=True, groups__name=roles.DISTRICT_ADMIN
    ).values_list("pk", flat=True).distinct()


def publish_submitted(*, report: Report):
    return event_publish(
        kind=SUBMITTED, subject=report, recipients=followers(report),
        context=context_for(report), link=report_link(report), actor=report.reporter,
    )


def publish_status(*, report: Report, old: str, actor):
    return event_publish(
        kind=STATUS, subject=report, recipients=followers(report),
        context=context_for(report, old_status=old, old_status_label=_english(Status(old).label)),
        link=report_link(report), actor=actor,
    )


def publish_reopened(*, report: Report, actor):
    return event_publish(
        kind=REOPENED, subject=report, recipients=responsible_officials([report.sub_district_id]),
        context=context_for(report), link=admin_link(report), actor=actor,
    )


def publish_to_operator(*, report: Report, actor=None):
    """Tell the accounts of the operator the report was routed or transferred to (in-app and
    their channels). Once per report and operator: a retried routing or a second call adds
    nothing (``dedupe_key``)."""
    if not report.operator_key:
        return None
    return event_publish(
        kind=TO_OPERATOR, subject=report, recipients=operators.accounts_of(report.operator_key),
        context=context_for(report, operator=report.operator_name), link=report_link(report), actor=actor,
        dedupe_key=f"{TO_OPERATOR}:{report.pk}:{report.operator_key}",
    )


def report_link(report: Report) -> str:
    from django.urls import NoReverseMatch, reverse

    try:
        return reverse("reports:detail", args=[report.pk])
    except NoReverseMatch:
        return ""


def admin_link(report: Report) -> str:
    from django.urls import NoReverseMatch, reverse

    try:
        return reverse("admin:reports_report_change", args=[report.pk])
    except NoReverseMatch:
        return ""


def queue_link(queue: str) -> str:
    from django.urls import NoReverseMatch, reverse

    try:
        return f"{reverse('admin:reports_report_changelist')}?queue={queue}"
    except NoReverseMatch:
        return ""
