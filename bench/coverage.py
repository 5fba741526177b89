"""How long recomputing service coverage takes: 300 communities x 3 kinds against 10k, 100k
and 1M published facilities, on SQLite and on PostgreSQL (PostGIS KNN path when the server has
PostGIS, and the portable grid-cell path forced, for comparison).

    .venv/bin/python bench/coverage.py --db sqlite
    .venv/bin/python bench/coverage.py --db postgres [--url postgres://postgres@127.0.0.1:5432/portal_coverage_bench]
    .venv/bin/python bench/coverage.py --db sqlite --sizes 10000,100000   # quicker

Creates its own throwaway database (a temp SQLite file, or the named PostgreSQL database, dropped
and re-created), 11 sub-districts with 300 communities over the district, then adds facilities
with the places helper's ``generate_facilities`` (same seeds every run) up to each size and times
``coverage_recompute()`` (everything: nearest facility of each kind for every community, stored).
It also checks a sample of communities against a brute-force scan, so a fast wrong answer shows.
Target: under 5 s at 1M facilities.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SIZES = (10_000, 100_000, 1_000_000)
N_COMMUNITIES = 300


def _configure(db: str, url: str | None, reuse: bool) -> str:
    if db == "sqlite":
        path = Path(tempfile.gettempdir()) / "portal_coverage_bench.sqlite3"
        for suffix in ("", "-wal", "-shm"):
            if not reuse:
                Path(f"{path}{suffix}").unlink(missing_ok=True)
        url = f"sqlite:///{path}"
    else:
        url = url or "postgres://postgres@127.0.0.1:5432/portal_coverage_bench"
        import psycopg

        name = url.rsplit("/", 1)[1]
        admin_url = url.rsplit("/", 1)[0] + "/postgres"
        if not reuse:
            with psycopg.connect(admin_url, autocommit=True) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
                conn.execute(f'CREATE DATABASE "{name}"')
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SECRET_KEY", "bench-only-secret-key-0123456789-abcdefghijklmnop")
    os.environ["DJANGO_DEBUG"] = "0"  # no query log overhead
    os.environ.setdefault("DJANGO_LOG_LEVEL", "WARNING")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
    import django

    django.setup()
    return url


def _communities() -> None:
    from apps.places.models import Community, SubDistrict

    rng = random.Random("bench.coverage.communities")
    streets = [
        SubDistrict.objects.create(code=f"B{i:02d}", name=f"街道{i}", name_en=f"Street {i}", order=i)
        for i in range(11)
    ]
    Community.objects.bulk_create([
        Community(
            code=f"BC{i:04d}", name=f"社区{i}", sub_district=streets[i % 11],
            # the district's extent (about 30.56-30.63 N, 114.19-114.29 E)
            lat=rng.uniform(30.560, 30.630), lon=rng.uniform(114.190, 114.290),
            population=rng.randint(2000, 12000), is_illustrative=True,
        )
        for i in range(N_COMMUNITIES)
    ])


def _fast_insert(count: int, seed: int) -> None:
    """PostgreSQL only: the same kind mix and extent as generate_facilities (60 % in the
    district, the rest in the surroundings), inserted by one INSERT ... SELECT from
    generate_series (seeded, so reproducible). For 1M rows when generate_facilities' per-row
    Python path would take most of an hour on a loaded machine."""
    from django.db import connection

    from apps.places.models import Community

    community_id = Community.objects.values_list("id", flat=True).first()
    with connection.cursor() as cursor:
        cursor.execute("SELECT setseed(%s)", [(seed % 1000) / 1000])
        cursor.execute(
            """
            INSERT INTO places_facility (name, name_en, kind, address, address_en, lat, lon, phone,
                status, accessibility, description, description_en, is_illustrative, created_at,
                updated_at, community_id)
            SELECT '示意设施' || g, 'Illustrative ' || g,
                   CASE WHEN r < 0.3 THEN 'canteen' WHEN r < 0.8 THEN 'charging' ELSE 'park' END,
                   '硚口区示意路', '', lat, lon, '', 'published', '[]'::jsonb, '', '', TRUE, now(), now(), %s
            FROM (
                SELECT g, random() AS r,
                       CASE WHEN random() < 0.6 THEN 30.55 + random() * 0.09 ELSE 30.50 + random() * 0.19 END AS lat,
                       CASE WHEN random() < 0.6 THEN 114.17 + random() * 0.13 ELSE 114.10 + random() * 0.27 END AS lon
                FROM generate_series(1, %s) AS g
            ) AS rows
            """,
            [community_id, count],
        )


def _grow_to(target: int, fast: bool = False) -> float:
    from django.core.management import call_command

    from apps.places.models import Facility

    have = Facility.objects.count()
    if have >= target:
        return 0.0
    started = time.perf_counter()
    if fast:
        _fast_insert(target - have, seed=target)
        return time.perf_counter() - started
    # base rows only: coverage reads the one facility table, not the kinds' own rows
    call_command("generate_facilities", count=target - have, seed=target, base_only=True, verbosity=0)
    if Facility.objects.count() < target:
        raise SystemExit("generate_facilities added fewer facilities than asked")
    return time.perf_counter() - started


def _analyze() -> None:
    """Statistics after the bulk load; on PostgreSQL also VACUUM (sets the hint bits and the
    visibility map, as autovacuum would after a load), else the first reads write pages."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")


def _time(fn, repeat: int) -> tuple[list[float], list[float]]:
    """Wall-clock and this process's CPU time of each run (CPU time leaves out waiting for
    a busy machine; on SQLite it includes the database's work, on PostgreSQL it does not)."""
    times, cpu = [], []
    for _ in range(repeat):
        started, started_cpu = time.perf_counter(), time.process_time()
        fn()
        times.append(time.perf_counter() - started)
        cpu.append(time.process_time() - started_cpu)
    return times, cpu


def _check_sample(sample: int = 12) -> int:
    """Compare stored results of a sample of communities with a brute-force scan; returns
    the number checked (raises on a mismatch)."""
    from apps.coverage import compute
    from apps.coverage.models import CoverageResult, coverage_kinds
    from apps.places.models import Community, Facility
    from tests.reference import coverage_brute_force

    points = [compute.Point(i, a, o) for i, a, o in Community.objects.values_list("id", "lat", "lon")]
    points = random.Random(1).sample(points, min(sample, len(points)))
    for kind in coverage_kinds():
        rows = list(Facility.objects.published().filter(kind=kind).values_list("id", "lat", "lon").iterator(50_000))
        for outcome in coverage_brute_force(points, rows, reach_m=0):
            stored = CoverageResult.objects.get(community_id=outcome.community_id, kind=kind)
            if outcome.nearest is None:
                assert stored.nearest_id is None, (kind, outcome)
            else:
                assert stored.nearest_id == outcome.nearest.id, (kind, outcome, stored.nearest_id)
                assert abs(stored.distance_m - outcome.nearest.distance_m) < 0.01
    return len(points)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--url", help="PostgreSQL URL of a throwaway database (dropped and re-created)")
    parser.add_argument("--sizes", default=",".join(str(s) for s in SIZES))
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--reuse", action="store_true",
                        help="keep the database of an earlier run (facilities already there)")
    parser.add_argument("--fast-insert-from", type=int, default=0,
                        help="PostgreSQL: from this size on, add rows with one INSERT ... SELECT "
                             "instead of generate_facilities (0: never)")
    parser.add_argument("--compare-max", type=int, default=100_000,
                        help="time the comparison finders only up to this many facilities")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]

    url = _configure(args.db, args.url, args.reuse)
    from django.core.management import call_command
    from django.db import connection

    from apps.coverage import compute
    from apps.coverage.services import coverage_recompute
    from apps.places import nearby

    call_command("migrate", verbosity=0)
    from apps.places.models import Community

    if not Community.objects.exists():
        _communities()
    path = nearby.active_path()
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"cores: {os.cpu_count()}, load average at start: {load:.1f}")
    print(f"database: {connection.vendor} ({url.split('@')[-1]}); nearby path: {path}; "
          f"{N_COMMUNITIES} communities x 3 kinds; best of {args.repeat}")

    finders = {f"default ({path})": None}
    if path == nearby.POSTGIS:
        finders["places portable (forced)"] = lambda lat, lon, kind: _forced_portable(nearby, lat, lon, kind)
    finders["coverage portable_finder"] = compute.portable_finder

    results: dict[int, dict[str, float]] = {}
    for size in sizes:
        fast = bool(args.fast_insert_from) and size >= args.fast_insert_from and args.db == "postgres"
        grew = _grow_to(size, fast=fast)
        _analyze()
        how = "INSERT ... SELECT" if fast else "generate_facilities"
        print(f"\n{size:>9,} facilities " + (f"(added by {how} in {grew:.1f} s)" if grew else "(already there)"))
        results[size] = {}
        for label, finder in finders.items():
            if finder is not None and size > args.compare_max:
                continue
            times, cpu = _time(lambda finder=finder: coverage_recompute(finder=finder), args.repeat)
            results[size][label] = min(times)
            print(f"  {label:<28} best {min(times):6.2f} s   median {statistics.median(times):6.2f} s   "
                  f"first {times[0]:6.2f} s   cpu {min(cpu):6.2f} s   "
                  f"({1000 * min(times) / (N_COMMUNITIES * 3):.2f} ms per community and kind)")
        coverage_recompute()  # leave the default path's results stored for the check
        checked = _check_sample()
        print(f"  brute-force check: {checked} communities x 3 kinds agree")

    print("\nsummary (best, seconds):")
    labels = list(finders)
    print(f"  {'facilities':>10}  " + "  ".join(f"{label:>28}" for label in labels))
    for size, row in results.items():
        print(f"  {size:>10,}  " + "  ".join(
            f"{row[label]:>28.2f}" if label in row else f"{'-':>28}" for label in labels))
    if len(sizes) > 1:
        first, last = sizes[0], sizes[-1]
        for label in labels:
            if label not in results[last]:
                continue
            ratio = results[last][label] / results[first][label]
            print(f"  {label}: {last // first}x the facilities -> {ratio:.2f}x the time")
    verdict = "met" if results[sizes[-1]][labels[0]] < 5 else "MISSED"
    print(f"\ntarget < 5 s at {sizes[-1]:,}: {verdict}")


def _forced_portable(nearby, lat, lon, kind):
    from apps.coverage.compute import Nearest

    hit = nearby.nearest(lat=lat, lon=lon, kind=kind, max_radius_m=40_000, path=nearby.PORTABLE)
    return Nearest(hit.id, hit.distance_m) if hit else None


if __name__ == "__main__":
    main()
