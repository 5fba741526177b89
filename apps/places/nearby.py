"""Nearby search across every facility kind (a selector: reads only).

``nearby()`` returns the published, not deleted facilities within ``radius_m`` of a WGS-84
point, nearest first, ties broken by kind then id, with the great-circle distance of
:func:`apps.places.geo.haversine_m`. Two paths give identical answers:

- **portable** (SQLite, plain PostgreSQL): a box around the point that starts small and widens
  until ``limit`` facilities are certainly found or the radius is covered. Rows are read through a
  partial covering index on the database-generated grid ``cell`` (``cell IN (...)`` plus the
  exact box), so a query touches the cells near the point only; past ``MAX_CELLS`` cells the
  (status, lat, lon) index is used instead. Exact distances and ordering are computed in Python.
- **postgis** (PostgreSQL with the generated ``geog`` column): a K-nearest-neighbour scan of the
  GiST index, ``ORDER BY geog <-> point LIMIT n``, with the radius cut applied OUTSIDE that query
  (an ``ST_DWithin`` in the same WHERE made the planner choose a much slower plan). Distances are
  recomputed with the same haversine, and the scan is extended when ties or rounding at the
  last row could change the answer.

Either way the cost grows with the facilities near the point, not with the table.

``accept`` narrows the answer further (open now, live availability, ...): it is called with
candidates ``(id, kind, lat, lon)`` as the search reads them (each once) and returns the ids it
keeps; the search widens until ``limit`` kept facilities are certainly found, so a filtered
answer is the filtered brute force's, not a filtered first page.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import dataclass

from django.db import DEFAULT_DB_ALIAS, connections
from django.utils.translation import get_language

from . import geo, postgis, registry
from .models import Facility

PORTABLE = "portable"
POSTGIS = "postgis"
MAX_CELLS = 600  # beyond this many grid cells, a lat/lon range scan is cheaper than an IN list
START_RADIUS_M = 100.0
# Distances from PostGIS (sphere of radius 6,371,008.77 m) and ours (6,371,008.8 m) differ by
# less than a millimetre at 20 km; this slack only decides when to scan further.
_PG_SLACK_M = 0.05

_TABLE = Facility._meta.db_table
_CELL_INDEX = "facility_nearby_cell"
_PUBLISHED = "status = 'published' AND deleted_at IS NULL"  # literal: matches the partial indexes


@dataclass(frozen=True, slots=True)
class NearbyHit:
    kind: str
    id: int
    name: str  # in the active language
    lat: float
    lon: float
    distance_m: float


def _clean_kinds(kinds: Iterable[str] | None) -> tuple[str, ...]:
    kinds = [kinds] if isinstance(kinds, str) else list(kinds or ())
    if not kinds:
        return ()  # every kind
    valid = set(registry.registered_kinds())
    cleaned = tuple(sorted({k for k in kinds if k in valid}))
    if not cleaned:
        # Asking only for unknown kinds finds nothing (not everything).
        return ("",)
    return cleaned


def _kind_sql(kinds: tuple[str, ...]) -> tuple[str, list]:
    if not kinds:
        return "", []
    return f" AND kind IN ({', '.join(['%s'] * len(kinds))})", list(kinds)


def _english() -> bool:
    return (get_language() or "zh-hans").lower().startswith("en")


def _names(cursor, ids: Sequence[int]) -> dict[int, str]:
    if not ids:
        return {}
    cursor.execute(
        f"SELECT id, name, name_en FROM {_TABLE} WHERE id IN ({', '.join(['%s'] * len(ids))})",  # noqa: S608 - placeholders only
        list(ids),
    )
    english = _english()
    return {pk: (name_en if english and name_en else name) for pk, name, name_en in cursor.fetchall()}


def _fetch_box(cursor, box: geo.BBox, kind_sql: str, kind_params: list, connection_vendor: str) -> list[tuple]:
    ranges = geo.cell_ranges(box)
    n_cells = sum(b - a + 1 for a, b in ranges)
    params = [box.min_lat, box.max_lat, box.min_lon, box.max_lon, *kind_params]
    if n_cells <= MAX_CELLS:
        # Integers we computed ourselves: inlined so the planner sees a plain IN list.
        cells = ",".join(str(c) for a, b in ranges for c in range(a, b + 1))
        # SQLite without ANALYZE statistics prefers the (status, lat, lon) index: insist.
        hint = f" INDEXED BY {_CELL_INDEX}" if connection_vendor == "sqlite" else ""
        sql = (
            f"SELECT id, kind, lat, lon FROM {_TABLE}{hint} WHERE {_PUBLISHED} AND cell IN ({cells})"  # noqa: S608 - ints
            f" AND lat BETWEEN %s AND %s AND lon BETWEEN %s AND %s{kind_sql}"
        )
    else:
        sql = (
            f"SELECT id, kind, lat, lon FROM {_TABLE} WHERE {_PUBLISHED}"  # noqa: S608 - constants
            f" AND lat BETWEEN %s AND %s AND lon BETWEEN %s AND %s{kind_sql}"
        )
    cursor.execute(sql, params)
    return cursor.fetchall()


Accept = Callable[[list[tuple[int, str, float, float]]], set[int]]


class _Verdicts:
    """``accept`` asked once per candidate, in batches, over one search."""

    def __init__(self, accept: Accept):
        self.accept = accept
        self.kept: dict[int, bool] = {}

    def keep(self, found: list[tuple]) -> list[tuple]:
        """``found`` rows are (distance, kind, id, lat, lon, ...)."""
        unknown = [(row[2], row[1], row[3], row[4]) for row in found if row[2] not in self.kept]
        if unknown:
            ok = self.accept(unknown)
            for pk, *_rest in unknown:
                self.kept[pk] = pk in ok
        return [row for row in found if self.kept[row[2]]]


_start_hint: dict[tuple, float] = {}


def _portable(connection, lat, lon, radius_m, kinds, limit, verdicts=None, accept_key=None) -> list[NearbyHit]:
    kind_sql, kind_params = _kind_sql(kinds)
    hint_key = (connection.alias, kinds, limit, accept_key if verdicts else None)
    h = min(radius_m, _start_hint.get(hint_key, START_RADIUS_M))
    haversine = geo.haversine_m
    with connection.cursor() as cursor:
        while True:
            box = geo.bounding_box(lat, lon, h)
            rows = _fetch_box(cursor, box, kind_sql, kind_params, connection.vendor)
            found = []
            for pk, kind, plat, plon in rows:
                d = haversine(lat, lon, plat, plon)
                if d <= radius_m:
                    found.append((d, kind, pk, plat, plon))
            if verdicts is not None:
                within = len(found)
                found = verdicts.keep(found)
                # the density of kept facilities: the box's rows thinned as the circle's were
                density_rows = len(rows) * len(found) / within if within else 0
            else:
                density_rows = len(rows)
            if h >= radius_m:
                break
            inner = geo.inscribed_radius_m(lat, lon, box)
            certain = sum(1 for row in found if row[0] <= inner)
            if certain >= limit:
                break
            # Widen: aim for about twice the area that should hold `limit` facilities, judging
            # the density from what this box held; at least double.
            wanted = h * math.sqrt(2.0 * limit / density_rows) if density_rows else h * 4
            h = min(radius_m, max(h * 2, wanted))
        _start_hint[hint_key] = max(START_RADIUS_M / 4, h / 2)
        found.sort(key=lambda row: (row[0], row[1], row[2]))
        top = found[:limit]
        names = _names(cursor, [row[2] for row in top])
    return [NearbyHit(kind, pk, names.get(pk, ""), plat, plon, d) for d, kind, pk, plat, plon in top]


def _postgis(connection, lat, lon, radius_m, kinds, limit, verdicts=None) -> list[NearbyHit]:
    kind_sql, kind_params = _kind_sql(kinds)
    english = _english()
    point = "ST_SetSRID(ST_MakePoint(%s, %s), 4326)::geography"
    fetch = limit + 5
    haversine = geo.haversine_m
    with connection.cursor() as cursor:
        while True:
            cursor.execute(
                "SELECT id, kind, name, name_en, lat, lon, d FROM ("  # noqa: S608 - constants, placeholders
                f" SELECT id, kind, name, name_en, lat, lon, geog <-> {point} AS d FROM {_TABLE}"
                f" WHERE {_PUBLISHED}{kind_sql} ORDER BY geog <-> {point} LIMIT %s"
                ") AS knn WHERE d <= %s",
                [lon, lat, *kind_params, lon, lat, fetch, radius_m + _PG_SLACK_M],
            )
            rows = cursor.fetchall()
            found = []
            for pk, kind, name, name_en, plat, plon, _d in rows:
                d = haversine(lat, lon, plat, plon)
                if d <= radius_m:
                    found.append((d, kind, pk, plat, plon, (name_en if english and name_en else name)))
            within = len(found)
            if verdicts is not None:
                found = verdicts.keep(found)
            found.sort(key=lambda row: (row[0], row[1], row[2]))
            if len(rows) < fetch:
                break  # every facility within the radius was read
            last = max(row[6] for row in rows)
            # Unread facilities are at PostGIS distance >= last, so at least last - slack here.
            if len(found) >= limit and found[limit - 1][0] < last - _PG_SLACK_M:
                break
            if verdicts is not None and len(found) < limit:
                # a filter keeps a share of the rows: read about enough for `limit` kept ones
                share = max(len(found), 1) / max(within, 1)
                fetch = max(fetch * 2, min(int((limit + 5) / share * 1.5), fetch * 64))
            else:
                fetch *= 2
    return [NearbyHit(kind, pk, name, plat, plon, d) for d, kind, pk, plat, plon, name in found[:limit]]


def active_path(using: str = DEFAULT_DB_ALIAS) -> str:
    return POSTGIS if postgis.has_geog(connections[using]) else PORTABLE


def nearby(
    *,
    lat: float,
    lon: float,
    radius_m: float,
    kinds: Iterable[str] | None = None,
    limit: int = 20,
    path: str | None = None,
    using: str = DEFAULT_DB_ALIAS,
    accept: Accept | None = None,
    accept_key: Hashable = None,
) -> list[NearbyHit]:
    """Published facilities within ``radius_m`` metres of the WGS-84 point, nearest first
    (ties by kind, then id), at most ``limit``. ``path`` forces ``"portable"`` or ``"postgis"``
    (for tests and benchmarks); by default PostGIS is used when the database has it.
    ``accept`` keeps only some facilities (see the module's docstring); ``accept_key`` names
    what it keeps (the portable path remembers a starting box per key)."""
    if limit <= 0 or radius_m < 0:
        return []
    connection = connections[using]
    kinds = _clean_kinds(kinds)
    path = path or active_path(using)
    verdicts = _Verdicts(accept) if accept is not None else None
    if path == POSTGIS:
        return _postgis(connection, float(lat), float(lon), float(radius_m), kinds, int(limit), verdicts)
    return _portable(connection, float(lat), float(lon), float(radius_m), kinds, int(limit), verdicts, accept_key)


def nearest(
    *, lat: float, lon: float, kind: str, max_radius_m: float, path: str | None = None,
    using: str = DEFAULT_DB_ALIAS,
) -> NearbyHit | None:
    """The single nearest published facility of ``kind`` within ``max_radius_m``, or None."""
    hits = nearby(lat=lat, lon=lon, radius_m=max_radius_m, kinds=[kind], limit=1, path=path, using=using)
    return hits[0] if hits else None
