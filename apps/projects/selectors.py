"""Reads: project lists, a project's public page, the dashboard figures."""

from dataclasses import dataclass
from datetime import datetime, time

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from apps.places import registry
from apps.places.models import Facility, SubDistrict

from .models import Follow, Milestone, ProgressUpdate, Project, Status


def project_list(*, include_sub_projects: bool = False) -> QuerySet:
    """Public list of projects (top level unless asked), ready for cards and the API."""
    queryset = Project.objects.all() if include_sub_projects else Project.objects.top_level()
    return queryset.prefetch_related(
        Prefetch("sub_districts", queryset=SubDistrict.objects.order_by("order", "code"))
    ).order_by("-year", "order", "code")


def project_years() -> list[int]:
    return list(Project.objects.order_by("-year").values_list("year", flat=True).distinct())


def project_detail(*, pk: int) -> Project:
    return (
        Project.objects.select_related("parent")
        .prefetch_related(
            Prefetch("sub_districts", queryset=SubDistrict.objects.order_by("order", "code")),
            Prefetch(
                "facilities",
                queryset=Facility.objects.published().select_related("community__sub_district"),
                to_attr="published_facilities",
            ),
            Prefetch("children", queryset=Project.objects.order_by("order", "code")),
        )
        .get(pk=pk)
    )


@dataclass(frozen=True)
class TimelineEntry:
    kind: str  # "milestone" or "update"
    date: object
    object: object


def _as_datetime(value):
    if isinstance(value, datetime):
        return value
    return timezone.make_aware(datetime.combine(value, time(0, 0)))


def project_timeline(*, project: Project, now=None) -> list[TimelineEntry]:
    """Published milestones and progress updates (the sub-projects' too), newest first."""
    milestones = Milestone.objects.filter(project=project).published(now)
    updates = (
        ProgressUpdate.objects.filter(Q(project=project) | Q(project__parent=project))
        .select_related("project")
        .prefetch_related("photos")
    )
    entries = [
        TimelineEntry("milestone", _as_datetime(m.date or m.published_at), m) for m in milestones
    ]
    entries += [TimelineEntry("update", u.posted_at, u) for u in updates]
    entries.sort(key=lambda e: e.date, reverse=True)
    return entries


def project_updates(*, project: Project) -> QuerySet:
    return ProgressUpdate.objects.filter(project=project).prefetch_related("photos")


def is_following(*, user, project: Project) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    return Follow.objects.filter(user=user, project=project).exists()


def followed_project_ids(*, user, project_ids) -> set[int]:
    if not getattr(user, "is_authenticated", False):
        return set()
    return set(
        Follow.objects.filter(user=user, project_id__in=project_ids).values_list("project_id", flat=True)
    )


def facility_counts() -> dict:
    """Published facilities counted by kind and sub-district (one grouped query)."""
    kinds = [{"kind": value, "label": str(label), "url": registry.list_url(value)}
             for value, label in registry.kind_choices()]
    rows = (
        Facility.objects.published()
        .values("community__sub_district_id", "kind")
        .annotate(n=Count("id"))
        .order_by()
    )
    counts: dict[tuple[int, str], int] = {
        (r["community__sub_district_id"], r["kind"]): r["n"] for r in rows
    }
    streets = []
    for street in SubDistrict.objects.order_by("order", "code"):
        per_kind = {k["kind"]: counts.get((street.pk, k["kind"]), 0) for k in kinds}
        streets.append({
            "id": street.pk,
            "code": street.code,
            "name": street.display_name,
            "counts": per_kind,
            "total": sum(per_kind.values()),
        })
    totals = {k["kind"]: sum(s["counts"][k["kind"]] for s in streets) for k in kinds}
    return {
        "kinds": kinds,
        "sub_districts": streets,
        "totals": totals,
        "total": sum(totals.values()),
    }


def number(value):
    """A Decimal as an int when integral, else a float (JSON-friendly)."""
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)


def project_summary(project: Project) -> dict:
    return {
        "id": project.pk,
        "code": project.code,
        "title": project.display_title,
        "category": project.category,
        "category_label": str(project.get_category_display()),
        "target_quantity": number(project.target_quantity),
        "achieved_quantity": number(project.achieved_quantity),
        "unit": project.display_unit,
        "quantity_kind": project.quantity_kind,
        "progress_percent": number(project.progress_percent),
        "status": project.status,
        "status_label": str(project.get_status_display()),
        "source_text": project.source_text,
        "is_cumulative": project.is_cumulative,
        "url": project.get_absolute_url(),
    }


def _dashboard_year(requested: int | None, years: list[int]) -> int:
    """The requested year when it has projects, else the latest year with projects, else now."""
    if requested in years:
        return requested
    return years[0] if years else timezone.localdate().year


def dashboard_figures(requested_year: int | None = None) -> dict:
    """Everything the dashboard shows for a year, as plain JSON-ready data (in the active language).

    The year is the requested one when it has projects, else the latest with projects. Kept in
    one function so it can be cached whole; a cache key must include the requested year and the
    language."""
    years = project_years()
    year = _dashboard_year(requested_year, years)
    projects = list(Project.objects.top_level().of_year(year).order_by("order", "code"))
    by_status = {value: 0 for value, _label in Status.choices}
    for project in projects:
        by_status[project.status] += 1
    mean = (
        sum(p.progress_percent for p in projects) / len(projects) if projects else 0
    )
    headline = [
        project_summary(p) for p in projects
        if p.is_headline and p.target_quantity is not None
    ]
    return {
        "year": year,
        "years": years,
        "summary": {
            "projects": len(projects),
            "by_status": [
                {"status": value, "label": str(label), "count": by_status[value]}
                for value, label in Status.choices
            ],
            "completed": by_status[Status.COMPLETED],
            "mean_progress_percent": round(float(mean), 1),
        },
        "headline": headline,
        "projects": [project_summary(p) for p in projects],
        "facilities": facility_counts(),
    }

