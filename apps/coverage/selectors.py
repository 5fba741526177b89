"""Reads: per-community rows, district and sub-district summaries, the trend, the
planning list and the what-if check. Query counts stay constant whatever the number of
communities (each read is one or two queries)."""

from __future__ import annotations

from dataclasses import dataclass, field

from apps.places.models import Community, Facility, SubDistrict

from . import compute
from .models import CoverageResult, CoverageSnapshot
from .standards import reach_for


@dataclass
class Row:
    community_id: int
    community: Community
    street: SubDistrict
    population: int | None
    nearest_id: int | None
    nearest_name: str
    nearest_kind: str
    distance_m: float | None
    served: bool


def _percent(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None


def summarise(rows: list[Row]) -> dict:
    """``{communities, served, percent, population, served_population, population_percent}``;
    population counts only communities whose population is known."""
    served = [r for r in rows if r.served]
    population = sum(r.population or 0 for r in rows)
    served_population = sum(r.population or 0 for r in served)
    return {
        "communities": len(rows),
        "served": len(served),
        "percent": _percent(len(served), len(rows)) if rows else 0.0,
        "population": population,
        "served_population": served_population,
        "population_percent": _percent(served_population, population),
    }


def coverage_rows(*, kind: str, street_id: int | None = None, reach_m: int | None = None) -> list[Row]:
    """Every community (of the street), with its stored nearest facility of ``kind``;
    ``served`` follows the standard in force now. One query (plus one for the reach)."""
    reach = reach_m if reach_m is not None else reach_for(kind)
    return coverage_rows_by_kind({kind: reach}, street_id=street_id)[kind]


def coverage_rows_by_kind(reach_by_kind: dict[str, int], *, street_id: int | None = None) -> dict[str, list[Row]]:
    """:func:`coverage_rows` of several kinds at once (``{kind: reach}``): two queries
    whatever the number of kinds (the communities, and the stored results of every kind)."""
    communities = Community.objects.select_related("sub_district")
    if street_id is not None:
        communities = communities.in_street(street_id)
    stored = CoverageResult.objects.filter(kind__in=list(reach_by_kind))
    if street_id is not None:
        stored = stored.filter(community__in=communities)
    communities = list(communities)
    results = {
        (r.kind, r.community_id): r
        for r in stored.select_related("nearest")
        .only("kind", "community_id", "distance_m", "nearest__id", "nearest__name", "nearest__name_en",
              "nearest__kind")
    }
    out: dict[str, list[Row]] = {}
    for kind, reach in reach_by_kind.items():
        rows = out.setdefault(kind, [])
        for community in communities:
            result = results.get((kind, community.pk))
            nearest = result.nearest if result else None
            distance = result.distance_m if result and nearest is not None else None
            rows.append(
                Row(
                    community_id=community.pk,
                    community=community,
                    street=community.sub_district,
                    population=community.population,
                    nearest_id=nearest.pk if nearest else None,
                    nearest_name=nearest.display_name if nearest else "",
                    nearest_kind=nearest.kind if nearest else "",
                    distance_m=distance,
                    served=distance is not None and distance <= reach,
                )
            )
    return out


def district_summaries(reach_by_kind: dict[str, int]) -> dict[str, dict]:
    """The district summary (:func:`summarise`) of every kind in ``reach_by_kind`` (kind ->
    reach in metres), from the stored results: two queries whatever the number of kinds."""
    populations = dict(Community.objects.values_list("pk", "population"))
    distances: dict[str, dict[int, float]] = {kind: {} for kind in reach_by_kind}
    for community_id, kind, distance in CoverageResult.objects.filter(
        kind__in=list(reach_by_kind), nearest__isnull=False,
    ).values_list("community_id", "kind", "distance_m"):
        if community_id in populations:  # added since the communities were read
            distances[kind][community_id] = distance
    summaries = {}
    for kind, reach in reach_by_kind.items():
        rows = [Row(community_id=pk, community=None, street=None, population=population, nearest_id=None,
                    nearest_name="", nearest_kind="", distance_m=distances[kind].get(pk),
                    served=distances[kind].get(pk) is not None and distances[kind][pk] <= reach)
                for pk, population in populations.items()]
        summaries[kind] = summarise(rows)
    return summaries


def coverage_summary_by_street(*, kind: str, reach_m: int | None = None) -> tuple[dict, list[dict]]:
    """The district summary and one summary per sub-district (in the district's order)."""
    rows = coverage_rows(kind=kind, reach_m=reach_m)
    by_street: dict[int, list[Row]] = {}
    streets: dict[int, SubDistrict] = {}
    for row in rows:
        by_street.setdefault(row.street.pk, []).append(row)
        streets[row.street.pk] = row.street
    per_street = [
        {"street_id": sid, "street": streets[sid], **summarise(street_rows)}
        for sid, street_rows in by_street.items()
    ]
    return summarise(rows), per_street


def unserved_ranked(*, kind: str, street_id: int | None = None) -> list[Row]:
    """Unserved communities, most residents first (unknown population last)."""
    rows = [r for r in coverage_rows(kind=kind, street_id=street_id) if not r.served]
    return sorted(rows, key=lambda r: (r.population is None, -(r.population or 0), r.community_id))


def trend(*, kind: str, months: int = 24) -> list[CoverageSnapshot]:
    """The last ``months`` monthly snapshots of ``kind``, oldest first."""
    snapshots = list(CoverageSnapshot.objects.filter(kind=kind).order_by("-month")[:months])
    return snapshots[::-1]


@dataclass
class WhatIf:
    kind: str
    lat: float
    lon: float
    reach_m: int
    before: dict
    after: dict
    newly_served: list[tuple[Row, float]] = field(default_factory=list)
    closer: list[tuple[Row, float]] = field(default_factory=list)


def what_if(*, kind: str, lat: float, lon: float, street_id: int | None = None) -> WhatIf:
    """Coverage if a facility of ``kind`` opened at (lat, lon): which communities it would
    serve (newly, or more closely) and the district figures before and after. Reads only."""
    reach = reach_for(kind)
    rows = coverage_rows(kind=kind, street_id=street_id, reach_m=reach)
    newly_served, closer, after_rows = [], [], []
    for row in rows:
        candidate = compute.great_circle_m(row.community.lat, row.community.lon, lat, lon)
        served_after = row.served or candidate <= reach
        if candidate <= reach and not row.served:
            newly_served.append((row, candidate))
        elif candidate <= reach and (row.distance_m is None or candidate < row.distance_m):
            closer.append((row, candidate))
        after_rows.append(
            Row(**{**row.__dict__, "served": served_after})
        )
    newly_served.sort(key=lambda pair: (pair[1], pair[0].community_id))
    closer.sort(key=lambda pair: (pair[1], pair[0].community_id))
    return WhatIf(
        kind=kind, lat=lat, lon=lon, reach_m=reach,
        before=summarise(rows), after=summarise(after_rows),
        newly_served=newly_served, closer=closer,
    )


def facility_names(ids: list[int]) -> dict[int, str]:
    return {f.pk: f.display_name for f in Facility.objects.filter(pk__in=ids).only("id", "name", "name_en")}
