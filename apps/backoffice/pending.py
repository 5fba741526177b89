"""The pending work shown on each staff member's admin home (issue 7).

Plain selectors: each returns ``None`` when the user may not see that kind of work, else a
``PendingItem`` with a count and a link to the change list filtered the same way. Every
selector runs one counting query (plus the user's permissions and scope, loaded once and
cached on the user/request), whatever the amount of data, so the home page runs a constant
number of queries.
"""

import datetime as dt
from dataclasses import dataclass
from urllib.parse import urlencode

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from apps.accounts.scoping import scoped_sub_district_ids

FAILED_NOTICE_DAYS = 7


@dataclass(frozen=True)
class PendingItem:
    key: str
    label: str
    count: int
    url: str


def _changelist(model_label: str, **params) -> str:
    app_label, model_name = model_label.split(".")
    url = reverse(f"admin:{app_label}_{model_name}_changelist")
    return f"{url}?{urlencode(params)}" if params else url


def _scope(user, cache: dict):
    if "scope" not in cache:
        cache["scope"] = scoped_sub_district_ids(user)
    return cache["scope"]


def applications_waiting(user, cache: dict | None = None) -> list[PendingItem] | None:
    """Housing-swap files in the review queue: assigned to the user, and not assigned yet."""
    if not user.has_perm("housing_swap.view_application"):
        return None
    from apps.housing_swap.models import Application

    counts = Application.objects.in_review_queue().aggregate(
        mine=Count("pk", filter=Q(assigned_reviewer=user)),
        unassigned=Count("pk", filter=Q(assigned_reviewer__isnull=True)),
    )
    return [
        PendingItem("applications_mine", _("Applications waiting for your review"), counts["mine"],
                    _changelist("housing_swap.application", waiting="mine")),
        PendingItem("applications_unassigned", _("Applications waiting for a reviewer"), counts["unassigned"],
                    _changelist("housing_swap.application", waiting="unassigned")),
    ]


def projects_with_overdue_milestones(user, cache: dict | None = None, *, today=None) -> list[PendingItem] | None:
    """Projects (of the official's sub-districts) with a milestone past its planned date and
    no actual date."""
    if not user.has_perm("projects.view_project"):
        return None
    from apps.projects.models import Project

    today = today or timezone.localdate()
    projects = Project.objects.filter(milestones__planned_date__lt=today, milestones__actual_date__isnull=True)
    scope = _scope(user, cache if cache is not None else {})
    if scope is not None:
        projects = projects.filter(sub_districts__in=scope)
    count = projects.values("pk").distinct().count()
    return [PendingItem("projects_overdue", _("Projects with overdue milestones"), count,
                        _changelist("projects.milestone", actual_date__isnull="True",
                                    planned_date__lt=today.isoformat()))]


def charge_points_in_error(user, cache: dict | None = None, *, now=None) -> list[PendingItem] | None:
    """Charge points reported out of order or unknown for longer than a status stays
    meaningful (``CHARGING_STATUS_MAX_AGE_MINUTES``), in the official's sub-districts."""
    if not user.has_perm("charging.view_chargepoint"):
        return None
    from apps.charging.models import ChargePoint, ChargePointStatus, status_max_age

    since = (now or timezone.now()) - status_max_age()
    since = since.replace(microsecond=0)
    points = ChargePoint.objects.filter(
        status__in=[ChargePointStatus.OUT_OF_ORDER, ChargePointStatus.UNKNOWN],
        status_reported_at__lt=since, station__deleted_at__isnull=True,
    )
    scope = _scope(user, cache if cache is not None else {})
    if scope is not None:
        points = points.filter(station__community__sub_district__in=scope)
    return [PendingItem(
        "charge_points_error", _("Charge points out of order or unknown for too long"), points.count(),
        _changelist("charging.chargepoint", status__in=f"{ChargePointStatus.OUT_OF_ORDER},{ChargePointStatus.UNKNOWN}",
                    status_reported_at__lt=timezone.localtime(since).isoformat()),
    )]


def failed_notices(user, cache: dict | None = None, *, now=None) -> list[PendingItem] | None:
    """Notices that failed for good in the last seven days."""
    if not user.has_perm("notices.view_notice"):
        return None
    from apps.notices.models import Notice, NoticeStatus

    since = timezone.localdate(now or timezone.now()) - dt.timedelta(days=FAILED_NOTICE_DAYS)
    count = Notice.objects.filter(status=NoticeStatus.FAILED_PERMANENT, created_at__date__gte=since).count()
    return [PendingItem("notices_failed", _("Notices that failed in the last 7 days"), count,
                        _changelist("notices.notice", status__exact=NoticeStatus.FAILED_PERMANENT,
                                    created_at__date__gte=since.isoformat()))]


SELECTORS = [applications_waiting, projects_with_overdue_milestones, charge_points_in_error, failed_notices]


def pending_work(user) -> list[PendingItem]:
    """Everything the user may see, in a fixed order (counts of zero included: "nothing
    waiting" is worth saying)."""
    if not (user.is_active and user.is_staff):
        return []
    cache: dict = {}
    items: list[PendingItem] = []
    for selector in SELECTORS:
        items.extend(selector(user, cache) or [])
    return items
