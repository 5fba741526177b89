""""Near me now": the filters a resident puts on a nearby search (open now, live availability,
connector, accessible) and what each result says about them, for every registered kind.

Live availability belongs to the kinds that have telemetry (charging: charge points; parking:
free spaces); they hand it over through ``KindInfo.availability`` so that ``places`` never
imports them. ``accessible`` means the facility itself has an accessible entrance or toilet,
or an accessibility site (a kind registered with ``accessibility_sites``) with one is within
:data:`ACCESSIBLE_NEARBY_M` metres.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from django.db.models import F, FloatField, OuterRef, Q
from django.db.models.functions import Cast, Cos, Power, Radians, Sin
from django.utils import timezone

from apps.core.probes import RowProbe

from . import geo, registry
from .hours import DayException, Period, is_open_at
from .models import Facility, OpeningException, OpeningHours
from .nearby import Accept, NearbyHit, nearby
from .selectors import open_at_q

# Feature codes (``Facility.accessibility``) that make an entrance or a toilet usable.
ACCESSIBLE_CODES = frozenset({"step_free", "ramp", "accessible_toilet", "lift"})
ACCESSIBLE_NEARBY_M = 100.0


@dataclass(frozen=True)
class NearbyFilters:
    open_now: bool = False
    available: bool = False  # live availability says something is free now
    connectors: tuple[str, ...] = ()  # any of these connector standards (free, with ``available``)
    accessible: bool = False

    def __bool__(self) -> bool:
        return bool(self.open_now or self.available or self.connectors or self.accessible)

    def kinds(self, kinds: Sequence[str] | None) -> list[str] | None:
        """The kinds that can match at all (None: every kind). ``available`` and ``connector``
        only match kinds with live telemetry / connectors."""
        allowed = None
        if self.available:
            allowed = set(registry.kinds_with("availability"))
        if self.connectors:
            with_connectors = set(registry.kinds_with("connector_choices")) & set(registry.kinds_with("availability"))
            allowed = with_connectors if allowed is None else allowed & with_connectors
        if allowed is None:
            return list(kinds) if kinds else None
        chosen = sorted(allowed & set(kinds)) if kinds else sorted(allowed)
        return chosen or [""]  # nothing can match: an empty answer, not every kind


def open_ids(ids: Iterable[int], when: datetime) -> set[int]:
    """The facilities among ``ids`` open at local time ``when`` (one query)."""
    ids = list(ids)
    if not ids:
        return set()
    return set(Facility.objects.filter(pk__in=ids).filter(open_at_q(when)).values_list("pk", flat=True))


def open_now_states(ids: Iterable[int], when: datetime) -> dict[int, bool | None]:
    """``{id: open now?}``, None where the facility has no hours at all (and no exception
    today): "hours unknown". Two plain reads (the results' weekly hours and today's
    exceptions), decided by :func:`apps.places.hours.is_open_at`: building the one-query SQL
    form (:func:`apps.places.selectors.open_at_q`) cost the nearby API more than half of its
    CPU per call for 20 results."""
    ids = list(ids)
    if not ids:
        return {}
    hours: dict[int, list[Period]] = {}
    for facility_id, *period in (OpeningHours.objects.filter(facility_id__in=ids)
                                 .values_list("facility_id", "weekday", "opens", "closes")):
        hours.setdefault(facility_id, []).append(Period(*period))
    today: dict[int, list[DayException]] = {}
    for facility_id, *exception in (OpeningException.objects.filter(facility_id__in=ids, date=when.date())
                                    .values_list("facility_id", "date", "closed", "opens", "closes")):
        today.setdefault(facility_id, []).append(DayException(*exception))
    return {
        pk: (is_open_at(when, hours.get(pk, ()), today.get(pk, ())) if pk in hours or pk in today else None)
        for pk in ids
    }


def availability_of(pairs: Iterable[tuple[int, str]], now: datetime | None = None) -> dict[int, registry.Availability]:
    """Live availability of the ``(id, kind)`` pairs whose kind has telemetry (one read per kind)."""
    now = now or timezone.now()
    by_kind: dict[str, list[int]] = {}
    for pk, kind in pairs:
        by_kind.setdefault(kind, []).append(pk)
    out: dict[int, registry.Availability] = {}
    for kind, ids in by_kind.items():
        info = registry.kind_info(kind)
        if info is not None and info.availability is not None:
            out.update(info.availability(ids, now))
    return out


def accessible_ids(candidates: Sequence[tuple[int, str, float, float]]) -> set[int]:
    """Candidates ``(id, kind, lat, lon)`` with an accessible entrance or toilet of their own,
    or an accessibility site offering one within ``ACCESSIBLE_NEARBY_M`` (two queries at most)."""
    if not candidates:
        return set()
    codes = dict(Facility.objects.filter(pk__in=[c[0] for c in candidates]).values_list("pk", "accessibility"))
    kept = {pk for pk, features in codes.items() if ACCESSIBLE_CODES & set(features or ())}
    rest = [c for c in candidates if c[0] not in kept]
    site_kinds = registry.kinds_with("accessibility_sites")
    if not rest or not site_kinds:
        return kept
    dlat = ACCESSIBLE_NEARBY_M / geo.METRES_PER_DEGREE * 1.001
    max_lat = max(abs(c[2]) for c in rest)
    dlon = geo.bounding_box(max_lat, 0.0, ACCESSIBLE_NEARBY_M).max_lon
    sites = [
        (lat, lon)
        for lat, lon, features in Facility.objects.published().filter(
            kind__in=site_kinds,
            lat__gte=min(c[2] for c in rest) - dlat, lat__lte=max(c[2] for c in rest) + dlat,
            lon__gte=min(c[3] for c in rest) - dlon, lon__lte=max(c[3] for c in rest) + dlon,
        ).values_list("lat", "lon", "accessibility")
        if ACCESSIBLE_CODES & set(features or ())
    ]
    for pk, _kind, lat, lon in rest:
        if any(abs(slat - lat) <= dlat and geo.haversine_m(lat, lon, slat, slon) <= ACCESSIBLE_NEARBY_M
               for slat, slon in sites):
            kept.add(pk)
    return kept


def _has_accessible_code() -> Q:
    condition = Q()
    for code in sorted(ACCESSIBLE_CODES):  # the JSON list's text holds the quoted code
        condition |= Q(accessibility__icontains=f'"{code}"')
    return condition


def accessible_q() -> Q:
    """The lists' form of nearby's ``accessible`` (:func:`accessible_ids`), in SQL: an
    accessible entrance or toilet of the facility's own, or a published accessibility site
    offering one within :data:`ACCESSIBLE_NEARBY_M` (great-circle, as ``geo.haversine_m``)."""
    own = _has_accessible_code()
    site_kinds = registry.kinds_with("accessibility_sites")
    if not site_kinds:
        return own
    dlat = ACCESSIBLE_NEARBY_M / geo.METRES_PER_DEGREE * 1.001
    dlon = dlat * 2.5  # enough up to 66° of latitude; the distance below decides
    half = ACCESSIBLE_NEARBY_M / (2 * geo.EARTH_RADIUS_M)
    lat, lon = Radians(Cast(OuterRef("lat"), FloatField())), Radians(Cast(OuterRef("lon"), FloatField()))
    # haversine: a = sin²(Δφ/2) + cos φ1 cos φ2 sin²(Δλ/2); d <= D  <=>  a <= sin²(D / 2R)
    a = (Power(Sin((Radians(F("lat")) - lat) / 2), 2)
         + Cos(lat) * Cos(Radians(F("lat"))) * Power(Sin((Radians(F("lon")) - lon) / 2), 2))
    sites = (
        Facility.objects.published().filter(
            kind__in=site_kinds,
            lat__gte=OuterRef("lat") - dlat, lat__lte=OuterRef("lat") + dlat,
            lon__gte=OuterRef("lon") - dlon, lon__lte=OuterRef("lon") + dlon,
        ).filter(_has_accessible_code()).annotate(a=a).filter(a__lte=math.sin(half) ** 2)
    )
    return own | RowProbe(sites)


def _availability_matches(filters: NearbyFilters, state: registry.Availability | None) -> bool:
    if state is None:
        return False
    if filters.connectors:
        if not set(filters.connectors) & state.connectors:
            return False
        if filters.available:
            return any(state.free_by_connector.get(c, 0) > 0 for c in filters.connectors)
    if filters.available:
        return bool(state.available)
    return True


def accept_for(filters: NearbyFilters, *, when: datetime, now: datetime | None = None) -> Accept:
    """The ``accept`` function :func:`apps.places.nearby.nearby` calls with candidates."""
    now = now or timezone.now()

    def accept(candidates):
        if filters.open_now:
            is_open = open_ids([c[0] for c in candidates], when)
            candidates = [c for c in candidates if c[0] in is_open]
        if filters.available or filters.connectors:
            states = availability_of([(c[0], c[1]) for c in candidates], now)
            candidates = [c for c in candidates if _availability_matches(filters, states.get(c[0]))]
        if filters.accessible:
            ok = accessible_ids(candidates)
            candidates = [c for c in candidates if c[0] in ok]
        return {c[0] for c in candidates}

    return accept


@dataclass
class NearbyResult:
    hit: NearbyHit
    open_now: bool | None
    availability: registry.Availability | None


def nearby_now(
    *, lat: float, lon: float, radius_m: float, kinds: Sequence[str] | None = None, limit: int = 20,
    filters: NearbyFilters | None = None, when: datetime | None = None, path: str | None = None,
) -> list[NearbyResult]:
    """Nearby search with "now" filters, each result with its open-now state and live
    availability (a constant number of queries for the results)."""
    filters = filters or NearbyFilters()
    now = when or timezone.now()
    local = timezone.localtime(now)
    hits = nearby(
        lat=lat, lon=lon, radius_m=radius_m, kinds=filters.kinds(kinds), limit=limit, path=path,
        accept=accept_for(filters, when=local, now=now) if filters else None,
        accept_key=(filters.open_now, filters.available, filters.connectors, filters.accessible),
    )
    states = open_now_states([h.id for h in hits], local)
    live = availability_of([(h.id, h.kind) for h in hits], now)
    return [NearbyResult(hit=h, open_now=states.get(h.id), availability=live.get(h.id)) for h in hits]


@dataclass
class NearbyRow:
    hit: NearbyHit
    facility: Facility
    open_now: bool | None
    url: str
    kind_label: str
    availability: registry.Availability | None = None

    @property
    def distance_label(self) -> str:
        d = self.hit.distance_m
        return f"{d / 1000:.1f} km" if d >= 1000 else f"{d:.0f} m"


def nearby_rows(*, lat: float, lon: float, radius_m: float, kinds=None, limit: int = 20,
                when: datetime | None = None, filters=None) -> list[NearbyRow]:
    """The nearby page's rows: hits of :func:`nearby_now` (with its
    "now" ``filters``) and their facilities' address and community."""
    results = nearby_now(lat=lat, lon=lon, radius_m=radius_m, kinds=kinds, limit=limit, filters=filters,
                         when=when)
    if not results:
        return []
    facilities = Facility.objects.filter(pk__in=[r.hit.id for r in results]).select_related("community__sub_district")
    facilities = {f.pk: f for f in facilities}
    rows = []
    for result in results:
        hit = result.hit
        facility = facilities.get(hit.id)
        if facility is None:  # deleted between the two reads
            continue
        rows.append(NearbyRow(
            hit=hit, facility=facility, open_now=result.open_now, url=registry.detail_url(hit.kind, hit.id),
            kind_label=registry.kind_label(hit.kind),
            availability=result.availability,
        ))
    return rows


def rows_geojson(rows: list[NearbyRow]) -> dict:
    """The rows as a GeoJSON FeatureCollection (WGS-84) for the map component."""
    return {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [row.hit.lon, row.hit.lat]},
                "properties": {
                    "id": row.hit.id, "kind": row.hit.kind, "kind_label": row.kind_label,
                    "name": row.hit.name, "url": row.url, "distance_m": round(row.hit.distance_m, 1),
                    "open_now": row.open_now,
                    "availability": row.availability.as_dict() if row.availability else None,
                },
            }
            for row in rows
        ],
    }
