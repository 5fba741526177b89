"""The coverage computation, written against a small interface so the search strategy can
change without touching the rest.

A *finder* is a callable ``finder(lat, lon, kind) -> Nearest | None`` returning the
closest published facility of ``kind`` to the point (great-circle distance, ties broken by
the lower id), or ``None`` when there is none at all. :func:`default_finder` uses the
places app's nearby-search machinery (``apps.places.nearby.nearest``: grid-cell index on
any database, K-nearest-neighbour GiST scan with PostGIS), which widens its search from a
small radius, so a dense district costs a few index look-ups per community.
:func:`portable_finder` is a self-contained expanding-box search kept as a second,
independent implementation (tests compare both with the reference in tests/reference.py).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from apps.places.models import Facility

try:  # the places helper's pure geo functions (sphere radius 6,371,008.8 m)
    from apps.places.geo import haversine_m as _places_distance_m
except ImportError:  # pragma: no cover - until apps/places/geo.py lands
    _places_distance_m = None

EARTH_RADIUS_M = 6_371_008.8


def great_circle_m(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle (haversine) distance in metres on the sphere of CONTRACT §4."""
    if _places_distance_m is not None:
        return _places_distance_m(lat1, lon1, lat2, lon2)
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_M * math.asin(min(1.0, math.sqrt(a)))


@dataclass(frozen=True)
class Nearest:
    id: int
    distance_m: float


@dataclass(frozen=True)
class Point:
    """A community as the computation sees it."""

    id: int
    lat: float
    lon: float


@dataclass(frozen=True)
class Outcome:
    community_id: int
    nearest: Nearest | None
    served: bool


Finder = Callable[[float, float, str], "Nearest | None"]

# Search radii tried in turn (metres): start small so a dense district costs a few index
# rows per community; the last step is "anywhere" (a scan of the kind's published rows,
# only reached when the kind has no facility within 40 km of the community).
SEARCH_RADII_M = (150, 400, 1_000, 2_500, 6_000, 15_000, 40_000)


def _bbox(lat: float, lon: float, radius_m: float) -> tuple[float, float, float, float]:
    """A latitude/longitude box that contains the whole circle (padded by 1 %, since the
    exact longitude half-width asin(sin d / cos lat) is a little wider than d / cos lat)."""
    dlat = math.degrees(radius_m / EARTH_RADIUS_M) * 1.01
    coslat = max(math.cos(math.radians(lat)), 1e-6)
    dlon = min(180.0, dlat / coslat)
    return lat - dlat, lat + dlat, lon - dlon, lon + dlon


def _best(lat: float, lon: float, rows: Iterable[tuple[int, float, float]]) -> Nearest | None:
    best: tuple[float, int] | None = None
    for fid, flat, flon in rows:
        key = (great_circle_m(lat, lon, flat, flon), fid)
        if best is None or key < best:
            best = key
    return Nearest(id=best[1], distance_m=best[0]) if best else None


def portable_finder(lat: float, lon: float, kind: str) -> Nearest | None:
    """Expanding bounding-box search on the (kind, status, lat, lon) index, exact
    distance in Python. Correct because a facility found within radius r inside a box that
    contains the whole circle of radius r is the nearest of all."""
    published = Facility.objects.published().filter(kind=kind)
    for radius in SEARCH_RADII_M:
        south, north, west, east = _bbox(lat, lon, radius)
        rows = published.filter(lat__range=(south, north), lon__range=(west, east)).values_list(
            "id", "lat", "lon"
        )
        best = _best(lat, lon, rows.iterator(chunk_size=2000))
        if best is not None and best.distance_m <= radius:
            return best
    return _best(lat, lon, published.values_list("id", "lat", "lon").iterator(chunk_size=5000))


# How far the indexed search looks before falling back to a scan of the kind's published
# rows (only when the kind has no facility at all within this distance of the community).
SEARCH_LIMIT_M = 40_000


def _places_nearest_finder() -> Finder | None:
    try:
        from apps.places.nearby import nearest
    except ImportError:  # pragma: no cover - places without nearby search
        return None

    def finder(lat: float, lon: float, kind: str) -> Nearest | None:
        # nearby() widens its box from a small, adaptive start until the nearest is certain
        hit = nearest(lat=lat, lon=lon, kind=kind, max_radius_m=SEARCH_LIMIT_M)
        if hit is not None:
            return Nearest(id=hit.id, distance_m=hit.distance_m)
        published = Facility.objects.published().filter(kind=kind)
        return _best(lat, lon, published.values_list("id", "lat", "lon").iterator(chunk_size=5000))

    return finder


def default_finder() -> Finder:
    return _places_nearest_finder() or portable_finder


# Candidates read per community by the batched PostGIS query: the exact (haversine) order
# is decided among them, and a community whose candidates cannot settle it (ties or
# sub-millimetre differences between PostGIS's sphere and ours at the cut) goes to the
# one-by-one finder.
KNN_CANDIDATES = 4
_KNN_SLACK_M = 0.05


def postgis_batch(points: list[Point], kind: str) -> dict[int, Nearest | None] | None:
    """The nearest published facility of ``kind`` for every point in ONE query: a LATERAL
    K-nearest-neighbour scan of places' GiST index on the generated ``geog`` column.
    ``None`` when the database has no such column (SQLite, plain PostgreSQL). Points the
    candidates cannot settle exactly are left out of the answer."""
    from django.db import connection

    from apps.places import postgis

    if not points or not postgis.has_geog(connection):
        return None
    values = ", ".join(["(%s, %s, %s)"] * len(points))
    params: list = [x for p in points for x in (p.id, p.lon, p.lat)]
    sql = (
        f"WITH pts(id, lon, lat) AS (VALUES {values}) "  # noqa: S608 - placeholders only
        "SELECT pts.id, knn.id, knn.lat, knn.lon, knn.d FROM pts LEFT JOIN LATERAL ("
        " SELECT f.id, f.lat, f.lon,"
        " f.geog <-> ST_SetSRID(ST_MakePoint(pts.lon::float8, pts.lat::float8), 4326)::geography AS d"
        " FROM places_facility f"
        " WHERE f.status = 'published' AND f.deleted_at IS NULL AND f.kind = %s"
        " ORDER BY f.geog <-> ST_SetSRID(ST_MakePoint(pts.lon::float8, pts.lat::float8), 4326)::geography"
        " LIMIT %s) knn ON TRUE"
    )
    candidates: dict[int, list[tuple]] = {p.id: [] for p in points}
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, kind, KNN_CANDIDATES])
        for pid, fid, flat, flon, d in cursor.fetchall():
            if fid is not None:
                candidates[pid].append((fid, flat, flon, d))
    by_id = {p.id: p for p in points}
    answer: dict[int, Nearest | None] = {}
    for pid, rows in candidates.items():
        if not rows:
            answer[pid] = None  # the kind has no published facility at all
            continue
        best = _best(by_id[pid].lat, by_id[pid].lon, [(fid, flat, flon) for fid, flat, flon, _d in rows])
        if len(rows) == KNN_CANDIDATES and max(d for *_r, d in rows) <= best.distance_m + _KNN_SLACK_M:
            continue  # an unread facility might tie: settle this one by the one-by-one search
        answer[pid] = best
    return answer


def compute(
    points: Iterable[Point], *, kind: str, reach_m: float, finder: Finder | None = None
) -> list[Outcome]:
    """The nearest facility of ``kind`` for every point, and whether it is within reach.
    Without an explicit finder, PostGIS databases answer in one batched query."""
    points = list(points)
    batch = postgis_batch(points, kind) if finder is None else None
    finder = finder or default_finder()
    outcomes = []
    for point in points:
        if batch is not None and point.id in batch:
            hit = batch[point.id]
        else:
            hit = finder(point.lat, point.lon, kind)
        outcomes.append(
            Outcome(community_id=point.id, nearest=hit, served=hit is not None and hit.distance_m <= reach_m)
        )
    return outcomes
