"""Reads of the reports app: public lists (no personal data), duplicates near a point, the
officials' queue and the monthly figures."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.http import Http404

from apps.core.pagination import SeekOrder
from apps.places.geo import haversine_m

from .models import Category, Report, ReportEvent, ReportFollow, ReportPhoto, ReportSupport, Status

PUBLIC_FIELDS = (
    "id", "category_id", "kind", "facility_id", "sub_district_id", "community_id", "public_lat", "public_lon",
    "address_string", "media_url", "description", "status", "is_open", "public_answer", "created_at",
    "updated_at", "resolve_due", "supporters_count", "location_private", "hidden",
)


def categories(*, kind: str | None = None, active_only: bool = True) -> QuerySet[Category]:
    queryset = Category.objects.all()
    if active_only:
        queryset = queryset.filter(active=True)
    if kind is not None:
        queryset = queryset.filter(kind__in=[kind, ""])
    return queryset


def public_reports() -> QuerySet[Report]:
    """Reports as the public sees them: hidden ones left out, only non-personal columns
    loaded (never the contact or the exact point of a private report)."""
    # category and sub-district are prefetched (two small queries), not joined: a join lets
    # SQLite's planner start from the small tables and sort the reports instead of reading
    # them newest first from their index (bench/reports.py)
    return (
        Report.objects.public().only(*PUBLIC_FIELDS)
        .prefetch_related("category", "sub_district").order_by("-created_at", "-id")
    )


def visible_reports(user=None) -> QuerySet[Report]:
    """The public reports, plus the hidden ones of ``user`` when they reported them."""
    if user is None or not user.is_authenticated:
        return public_reports()
    return (Report.objects.filter(Q(hidden=False) | Q(reporter=user)).only(*PUBLIC_FIELDS)
            .select_related("category", "sub_district"))


def map_features(queryset: QuerySet[Report], *, limit: int = 500) -> dict:
    """``queryset`` (public reports, filtered) as the map component's GeoJSON: public points
    only (a private report's is rounded to about 100 m), reference, category and status, never
    the description or anything personal. Two queries (the rows, the categories)."""
    rows = list(queryset.prefetch_related(None).order_by("-created_at", "-id")
                .values_list("id", "public_lat", "public_lon", "status", "category_id")[: limit + 1])
    truncated = len(rows) > limit
    rows = rows[:limit]
    names = {c.pk: c.display_name for c in Category.objects.filter(pk__in={r[4] for r in rows})} if rows else {}
    labels = dict(Status.choices)
    return {"type": "FeatureCollection", "truncated": truncated, "features": [
        {"type": "Feature", "id": pk, "geometry": {"type": "Point", "coordinates": [lon, lat]},
         "properties": {"id": pk, "name": f"R{pk:06d} {names.get(category_id, '')}".strip(),
                        "kind_label": str(labels.get(status, status)), "url": f"/reports/{pk}/", "open_now": None}}
        for pk, lat, lon, status, category_id in rows
    ]}


# The public list's order (newest first) and the keyset of its cursor links.
LIST_ORDER = SeekOrder(("-id",))
PUBLIC_ACTIONS = ("submitted", "status", "answered", "reopened")  # an answer without a status change too


def public_report_detail(*, pk: int, user=None) -> Report:
    """One public report with its public history (``public_history``) and photos, in three
    queries; ``Http404`` for an unknown or hidden one (a hidden one is still shown to its
    signed-in reporter, with ``hidden`` set). ``public_resolve_due``: the promised date while
    it is open."""
    report = (
        visible_reports(user).select_related("facility", "category", "sub_district")  # one row: joined
        .prefetch_related(
            Prefetch("events", queryset=ReportEvent.objects.filter(action__in=PUBLIC_ACTIONS).only(
                "report_id", "action", "from_status", "to_status", "public_answer", "created_at"),
                to_attr="public_history"),
            Prefetch("photos", queryset=ReportPhoto.objects.only("report_id", "image", "thumbnail")),
        )
        .filter(pk=pk).first()
    )
    if report is None:
        raise Http404
    facility = report.facility
    report.facility_display = None
    if facility is not None:
        from apps.places import registry

        report.facility_display = {"name": facility.display_name, "url": registry.detail_url(facility.kind, facility.pk)}
    for event in report.public_history:
        event.status_label = Status(event.to_status).label if event.to_status in Status.values else ""
    report.public_resolve_due = report.resolve_due if report.is_open else None
    return report


@dataclass(frozen=True)
class Viewer:
    """What the person looking at a report's page may do there."""

    is_reporter: bool = False
    can_rate: bool = False
    supported: bool = False
    following: bool = False


def viewer_of(*, report: Report, user, address_hash: str | None = None) -> Viewer:
    """At most two queries: whether ``user`` reported it (and may rate it now), follows it,
    and whether they, or this address when signed out, said "me too" already."""
    if user is not None and user.is_authenticated:
        row = Report.objects.filter(pk=report.pk).annotate(
            following=Exists(ReportFollow.objects.filter(report=OuterRef("pk"), user=user)),
        ).values("reporter_id", "status", "rated_at", "resolved_at", "following").first() or {}
        is_reporter = row.get("reporter_id") == user.pk
        can_rate = is_reporter and row.get("status") == Status.RESOLVED and (
            row.get("rated_at") is None or (row.get("resolved_at") and row["rated_at"] < row["resolved_at"]))
        supported = not is_reporter and ReportSupport.objects.filter(report=report, user=user).exists()
        return Viewer(is_reporter=is_reporter, can_rate=bool(can_rate), supported=supported,
                      following=bool(row.get("following")))
    if address_hash:
        return Viewer(supported=ReportSupport.objects.filter(
            report=report, user__isnull=True, address_hash=address_hash).exists())
    return Viewer()


def duplicates(*, category: Category, lat: float | None = None, lon: float | None = None,
               facility_id: int | None = None, radius_m: float = 50, limit: int = 10) -> list[Report]:
    """Open reports of ``category`` within ``radius_m`` of the point or on the same facility,
    nearest first (for "me too" before a new report is made)."""
    found: dict[int, tuple[float, Report]] = {}
    base = Report.objects.open().public().filter(category=category).only(*PUBLIC_FIELDS, "lat", "lon")
    if facility_id:
        for report in base.filter(facility_id=facility_id).order_by("-created_at")[:limit]:
            found[report.pk] = (0.0, report)
    if lat is not None and lon is not None:
        for report in base.near(lat, lon, radius_m)[: limit * 5]:
            distance = haversine_m(lat, lon, report.lat, report.lon)
            if distance <= radius_m and report.pk not in found:
                found[report.pk] = (distance, report)
    ordered = sorted(found.values(), key=lambda pair: (pair[0], -pair[1].pk))
    return [report for _distance, report in ordered[:limit]]


def report_trail(report: Report):
    """The public history: status changes and answers (never internal notes)."""
    return report.events.filter(action__in=PUBLIC_ACTIONS).only(
        "action", "from_status", "to_status", "public_answer", "created_at"
    )


def open311_requests(*, ids: list[int] | None = None, service_codes: list[str] | None = None,
                     start: dt.datetime | None = None, end: dt.datetime | None = None,
                     statuses: set[str] | None = None, limit: int = 1000) -> list[Report]:
    queryset = public_reports().prefetch_related("photos")
    if ids is not None:
        return list(queryset.filter(pk__in=ids)[:limit])
    if service_codes:
        queryset = queryset.filter(category__code__in=service_codes)
    if start is not None:
        queryset = queryset.filter(created_at__gte=start)
    if end is not None:
        queryset = queryset.filter(created_at__lte=end)
    if statuses == {"open"}:
        queryset = queryset.filter(is_open=True)
    elif statuses == {"closed"}:
        queryset = queryset.filter(is_open=False)
    return list(queryset[:limit])
