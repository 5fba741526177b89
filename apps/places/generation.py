"""Synthetic facilities for load tests and demos (``generate_facilities``).

Reproducible: position and attributes of the i-th facility come only from the seed, the kind
option and i, so the same command twice places pairs of facilities at identical points.
"""

from __future__ import annotations

import json
import math
import random
import time
from collections.abc import Callable

from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import Q
from django.utils import timezone

from . import filter_bits, registry
from .models import Community, Facility, FacilityStatus, SubDistrict

DEFAULT_SEED = 20241
BATCH_SIZE = 5000
# Qiaokou district and its surroundings (WGS-84).
DISTRICT = (30.55, 30.64, 114.17, 114.30)
SURROUNDINGS = (30.50, 30.69, 114.10, 114.37)


def kind_weights() -> list[tuple[str, float]]:
    """Each registered kind's share of a mixed run (``KindInfo.generation_weight``), in kind
    order so that the mix does not depend on the order the apps are installed in."""
    return [(kind, registry.kind_info(kind).generation_weight) for kind in sorted(registry.registered_kinds())
            if registry.kind_info(kind).generation_weight > 0]


ACCESSIBILITY = ["step_free", "accessible_toilet", "hearing_loop", "braille", "ramp"]


class CommunityLocator:
    """Nearest community of a point (equirectangular metric, exact enough at city scale),
    through a raster of cells each holding the communities that can be nearest inside it:
    a handful of comparisons per facility instead of one per community."""

    CELL = 0.005

    def __init__(self, communities: list[tuple[int, float, float]]):
        self.points = communities
        self.kx = math.cos(math.radians(30.6))
        self.cache: dict[tuple[int, int], list[tuple[int, float, float]]] = {}

    def _d2(self, lat, lon, c) -> float:
        return (lat - c[1]) ** 2 + ((lon - c[2]) * self.kx) ** 2

    def _candidates(self, key) -> list[tuple[int, float, float]]:
        found = self.cache.get(key)
        if found is None:
            clat = (key[0] + 0.5) * self.CELL
            clon = (key[1] + 0.5) * self.CELL
            best = min(math.sqrt(self._d2(clat, clon, c)) for c in self.points)
            reach = best + self.CELL * 1.5  # > 2 x half-diagonal of the cell
            found = [c for c in self.points if math.sqrt(self._d2(clat, clon, c)) <= reach]
            self.cache[key] = found
        return found

    def nearest(self, lat: float, lon: float) -> int:
        key = (math.floor(lat / self.CELL), math.floor(lon / self.CELL))
        candidates = self._candidates(key)
        return min(candidates, key=lambda c: (self._d2(lat, lon, c), c[0]))[0]


def _fallback_community() -> Community:
    street, _ = SubDistrict.objects.get_or_create(
        code="GEN", defaults={"name": "示意街道", "name_en": "Illustrative sub-district", "lat": 30.59, "lon": 114.235},
    )
    community, _ = Community.objects.get_or_create(
        code="GEN001",
        defaults={"name": "示意社区", "name_en": "Illustrative community", "sub_district": street,
                  "lat": 30.59, "lon": 114.235, "is_illustrative": True},
    )
    return community


_TABLE = Facility._meta.db_table
_COLUMNS = (
    "id", "kind", "name", "name_en", "address", "address_en", "community_id", "lat", "lon", "phone",
    "status", "accessibility", "description", "description_en", "is_illustrative", "created_at", "updated_at",
)


def connection_of(facilities) -> BaseDatabaseWrapper:
    """The connection the facilities were written through (for the kinds' synthesize hooks)."""
    alias = getattr(facilities[0]._state, "db", None) if facilities else None
    return connections[alias or DEFAULT_DB_ALIAS]


def insert_rows(connection, model, field_names: list[str], rows: list[tuple], batch: int = 5000) -> None:
    """Insert plain, database-ready values (str, int, float, bool, Decimal, None; times as
    ``HH:MM:SS`` text) into ``model``'s table without model instances: the kinds' synthesize
    hooks use it so ``generate_facilities`` adds 100,000 facilities in under a minute.
    Statements go to the driver's cursor directly, skipping the query log that ``DEBUG`` keeps
    (it costs more than the insert itself at this size)."""
    quote = connection.ops.quote_name
    columns = ", ".join(quote(model._meta.get_field(name).column) for name in field_names)
    placeholders = ", ".join(["%s"] * len(field_names))
    sql = f"INSERT INTO {quote(model._meta.db_table)} ({columns}) VALUES ({placeholders})"  # noqa: S608
    with connection.cursor() as cursor:
        for start in range(0, len(rows), batch):
            cursor.cursor.executemany(sql, rows[start:start + batch])


def _reserve_ids(connection) -> int:
    """Ids are assigned here so rows can be inserted with a plain multi-row INSERT (no ORM
    per-value preparation, no RETURNING) and still be handed to the kinds' synthesize hooks.
    PostgreSQL: the table is locked against other writers until the transaction ends."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"LOCK TABLE {_TABLE} IN SHARE ROW EXCLUSIVE MODE")
        cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {_TABLE}")  # noqa: S608 - constant
        return cursor.fetchone()[0]


def _sync_sequence(connection) -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('{_TABLE}', 'id'), GREATEST(MAX(id), 1)) FROM {_TABLE}"  # noqa: S608
            )


_ROWS_PER_STATEMENT = 500  # 17 columns x 500 stays under SQLite's 32,766 variables


def _rows(facilities: list[Facility], stamp):
    for f in facilities:
        yield (
            f.id, f.kind, f.name, f.name_en, f.address, f.address_en, f.community_id, f.lat, f.lon,
            f.phone, f.status, json.dumps(f.accessibility), "", "", True, stamp, stamp,
        )


def _insert(connection, facilities: list[Facility], stamp) -> None:
    """PostgreSQL: COPY (no per-value SQL quoting). Others: multi-row INSERTs with bound
    parameters."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {_TABLE} ({', '.join(_COLUMNS)}) FROM STDIN") as copy:
                for row in _rows(facilities, stamp):
                    copy.write_row(row)
            return
        group = "(" + ", ".join(["%s"] * len(_COLUMNS)) + ")"
        head = f"INSERT INTO {_TABLE} ({', '.join(_COLUMNS)}) VALUES "  # noqa: S608 - constants
        rows = list(_rows(facilities, stamp))
        for start in range(0, len(rows), _ROWS_PER_STATEMENT):
            chunk = rows[start:start + _ROWS_PER_STATEMENT]
            params = [value for row in chunk for value in row]
            cursor.cursor.execute(head + ", ".join([group] * len(chunk)), params)  # no DEBUG query log


def _refresh_filter_bits(connection, kinds: list[str], first_id: int) -> None:
    """The new facilities' filter bits (apps.places.filter_bits; the inserts sent no signals),
    once per kind after the load, with the tables' statistics brought up to date first: without
    them SQLite probed a charging station's connectors through the (standard) index, every
    connector of a type for each station (minutes at 100k)."""
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    for kind in kinds:
        spec = filter_bits.spec_of_kind(kind)
        if spec is not None:
            filter_bits.refresh(spec, Q(pk__gte=first_id), using=connection.alias)


def _point(rng: random.Random, hotspots) -> tuple[float, float]:
    r = rng.random()
    if r < 0.6:
        box = DISTRICT
        return rng.uniform(box[0], box[1]), rng.uniform(box[2], box[3])
    if r < 0.85:
        lat0, lon0 = hotspots[rng.randrange(len(hotspots))]
        lat = min(SURROUNDINGS[1], max(SURROUNDINGS[0], rng.gauss(lat0, 0.004)))
        lon = min(SURROUNDINGS[3], max(SURROUNDINGS[2], rng.gauss(lon0, 0.004)))
        return lat, lon
    box = SURROUNDINGS
    return rng.uniform(box[0], box[1]), rng.uniform(box[2], box[3])


def generate_facilities(
    *, count: int, seed: int = DEFAULT_SEED, kind: str | None = None,
    log: Callable[[str], None] | None = None, using: str = DEFAULT_DB_ALIAS, synthesize: bool = True,
) -> dict:
    """Add ``count`` published, illustrative facilities; returns counts and timings."""
    started = time.perf_counter()
    rng = random.Random(f"places.generate:{seed}:{kind or 'mixed'}")  # noqa: S311 - reproducible on purpose
    hotspots = [(rng.uniform(*DISTRICT[:2]), rng.uniform(*DISTRICT[2:])) for _ in range(25)]
    mix = kind_weights()
    kinds = [k for k, _ in mix]
    weights = [w for _, w in mix]
    per_kind: dict[str, int] = {}
    synthesized: dict[str, int] = {}
    connection = connections[using]
    now = timezone.now()
    stamp = connection.ops.adapt_datetimefield_value(now)
    insert_seconds = hook_seconds = 0.0
    with transaction.atomic(using=using):
        next_id = _reserve_ids(connection)
        first_id = next_id + 1
        communities = list(Community.objects.using(using).values_list("id", "lat", "lon"))
        if not communities:
            community = _fallback_community()
            communities = [(community.pk, community.lat, community.lon)]
        locator = CommunityLocator(communities)
        for batch_index, start in enumerate(range(0, count, BATCH_SIZE)):
            created = []
            for i in range(start, min(count, start + BATCH_SIZE)):
                this_kind = kind or rng.choices(kinds, weights)[0]
                lat, lon = _point(rng, hotspots)
                label, label_en = registry.kind_info(this_kind).generated_name
                number = i + 1
                next_id += 1
                created.append(Facility(
                    id=next_id,
                    kind=this_kind,
                    name=f"{label}（示意）{seed}-{number}",
                    name_en=f"{label_en} (illustrative) {seed}-{number}",
                    address=f"硚口区示意路{rng.randint(1, 999)}号",
                    address_en=f"Illustrative Road {rng.randint(1, 999)}, Qiaokou",
                    community_id=locator.nearest(lat, lon),
                    lat=round(lat, 7),
                    lon=round(lon, 7),
                    phone=f"027-8{rng.randint(0, 9_999_999):07d}",
                    status=FacilityStatus.PUBLISHED,
                    accessibility=sorted(rng.sample(ACCESSIBILITY, rng.randint(0, 3))),
                    is_illustrative=True,
                    created_at=now,
                ))
            t0 = time.perf_counter()
            _insert(connection, created, stamp)
            insert_seconds += time.perf_counter() - t0
            for facility in created:
                facility._state.adding = False
                facility._state.db = using
            by_kind: dict[str, list[Facility]] = {}
            for facility in created:
                by_kind.setdefault(facility.kind, []).append(facility)
            for this_kind, facilities in sorted(by_kind.items()):
                per_kind[this_kind] = per_kind.get(this_kind, 0) + len(facilities)
                info = registry.kind_info(this_kind)
                if synthesize and info is not None and info.synthesize is not None:
                    hook_rng = random.Random(f"places.synthesize:{seed}:{kind or 'mixed'}:{this_kind}:{batch_index}")  # noqa: S311
                    t0 = time.perf_counter()
                    info.synthesize(facilities, hook_rng)
                    hook_seconds += time.perf_counter() - t0
                    synthesized[this_kind] = synthesized.get(this_kind, 0) + len(facilities)
            if log and count > BATCH_SIZE:
                log(f"  {min(count, start + BATCH_SIZE)}/{count}")
        _sync_sequence(connection)
        t0 = time.perf_counter()
        _refresh_filter_bits(connection, sorted(per_kind), first_id)
        hook_seconds += time.perf_counter() - t0
    return {
        "count": count, "per_kind": per_kind, "synthesized": synthesized,
        "seconds": time.perf_counter() - started, "insert_seconds": insert_seconds,
        "hook_seconds": hook_seconds,
    }
