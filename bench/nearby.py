"""Nearby-search benchmark (issue 3). Prints figures; not part of the test run.

    .venv/bin/python bench/nearby.py                          # SQLite + PostgreSQL/PostGIS, 10k/100k/1M
    .venv/bin/python bench/nearby.py --sizes 10000,100000 --backends sqlite
    .venv/bin/python bench/nearby.py --wrk                     # also the gunicorn + wrk comparison at 100k

For each backend a fresh database is filled with ``generate_facilities`` (base rows only: the
search reads the shared facility table) and grown through the sizes. At each size it prints the
median and p95 latency of

- ``nearby()`` on each path (portable on SQLite and PostgreSQL, PostGIS KNN on PostGIS),
- the API call ``GET /api/v1/nearby/`` through Django's full middleware stack (test client),
- a brute-force Python scan over every published facility (the reference answer),
- a fixed 2 km box filtered in SQL with exact distances in Python (the naive baseline),
- the raw PostGIS KNN SQL query alone (PostgreSQL only),

for random points in the district (radius 1 km, limit 20, every kind). With ``--wrk`` it serves
the 100k database with gunicorn (2 workers) and runs wrk (16 connections) against the nearby API
(a random point per request) and against the plain first-20-rows list ``/api/v1/facilities/``,
and prints the ratio of requests per second.

The machine has 2 cores shared with other work: the load average is printed with each figure.
Environment: PG_URL (default postgres://postgres@127.0.0.1:5432/bench_nearby).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _harness import load, worker_env

ROOT = Path(__file__).resolve().parent.parent
DISTRICT = (30.55, 30.64, 114.17, 114.30)
PG_URL = os.environ.get("PG_URL", "postgres://postgres@127.0.0.1:5432/bench_nearby")


def _env(database_url: str) -> dict:
    return worker_env(
        database_url,
        DJANGO_SETTINGS_MODULE="portal.settings",  # the portal's own caches (not bench.nocache_settings)
        DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost,testserver",
        THROTTLE_NEARBY="100000000/min",
        MAP_TILE_URL="",
    )


def stats(samples) -> str:
    """Wall-clock median and p95, and the same for this process's CPU time per call (less sensitive
    to other processes competing for the 2 cores; excludes the database server's own CPU on PostgreSQL)."""
    wall, cpu = samples
    ms = sorted(s * 1000 for s in wall)
    cpu_ms = sorted(c * 1000 for c in cpu)
    p95 = ms[min(len(ms) - 1, round(0.95 * (len(ms) - 1)))]
    cpu_p95 = cpu_ms[min(len(ms) - 1, round(0.95 * (len(ms) - 1)))]
    return (f"median {statistics.median(ms):8.2f} ms  p95 {p95:8.2f} ms  cpu median {statistics.median(cpu_ms):6.2f} "
            f"p95 {cpu_p95:6.2f} ms  (n={len(ms)})")


def points(n: int, seed: int) -> list[tuple[float, float]]:
    rng = random.Random(seed)
    return [(rng.uniform(*DISTRICT[:2]), rng.uniform(*DISTRICT[2:])) for _ in range(n)]


def timed(fn, pts) -> tuple[list[float], list[float]]:
    out, cpu = [], []
    for lat, lon in pts:
        c0 = time.process_time()
        t0 = time.perf_counter()
        fn(lat, lon)
        out.append(time.perf_counter() - t0)
        cpu.append(time.process_time() - c0)
    return out, cpu


# --------------------------------------------------------------------------- worker side
def measure_existing(url: str, queries: int) -> None:
    """Re-time nearby() and the API on an already filled database (``--measure URL``)."""
    os.environ.update({k: v for k, v in _env(url).items() if k not in os.environ or k in ("DATABASE_URL",)})
    import django

    django.setup()
    from django.test import Client

    from apps.places import nearby, postgis
    from tests.reference import nearby_brute_force

    paths = ["portable", *(["postgis"] if postgis.has_geog() else [])]
    pts = points(queries, seed=4242)
    client = Client()
    for path in paths:
        fn = lambda lat, lon, path=path: nearby.nearby(lat=lat, lon=lon, radius_m=1000, limit=20, path=path)  # noqa: E731
        timed(fn, points(50, seed=1))
        print(f"[measure] nearby() {path:<9} {stats(timed(fn, pts))}  {load()}", flush=True)
    api = lambda lat, lon: client.get(f"/api/v1/nearby/?lat={lat:.6f}&lon={lon:.6f}&radius=1000")  # noqa: E731
    timed(api, points(50, seed=1))
    print(f"[measure] API ({paths[-1]})  {stats(timed(api, pts))}  {load()}", flush=True)
    if "postgis" in paths:
        from django.db import connection

        def raw(lat, lon):
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT id FROM places_facility WHERE status = 'published' AND deleted_at IS NULL "
                    "ORDER BY geog <-> ST_SetSRID(ST_MakePoint(%s, %s), 4326)::geography LIMIT 20",
                    [lon, lat],
                )
                return cursor.fetchall()

        timed(raw, points(50, seed=1))
        print(f"[measure] raw PostGIS KNN   {stats(timed(raw, pts))}", flush=True)
    brute = lambda lat, lon: nearby_brute_force(lat=lat, lon=lon, radius_m=1000, limit=20)  # noqa: E731
    print(f"[measure] brute-force scan  {stats(timed(brute, pts[:3]))}", flush=True)
    for lat, lon in pts[:3]:
        expected = [(k, pk) for k, pk, _ in nearby_brute_force(lat=lat, lon=lon, radius_m=1000, limit=20)]
        for path in paths:
            got = [(h.kind, h.id) for h in nearby.nearby(lat=lat, lon=lon, radius_m=1000, limit=20, path=path)]
            assert got == expected, (path, lat, lon)
    print("[measure] every path equals the brute force on 3 points", flush=True)


def worker(args) -> None:
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    from apps.places import geo, nearby, postgis
    from apps.places import seed as places_seed
    from apps.places.generation import generate_facilities
    from apps.places.models import Facility
    from tests.reference import nearby_brute_force

    backend = args.worker
    out = sys.stdout
    t0 = time.perf_counter()
    call_command("migrate", verbosity=0)

    class _Cmd:
        stdout = type("W", (), {"write": staticmethod(lambda s: None)})()

    places_seed.run(_Cmd())
    print(f"[{backend}] migrated and seeded communities in {time.perf_counter() - t0:.0f} s", file=out, flush=True)
    paths = ["portable"]
    if backend == "postgres" and postgis.ensure_postgis(connection):
        paths.append("postgis")
    client = Client()
    current = Facility.objects.count()
    def drop_indexes() -> list[str]:
        """Secondary indexes of the facility table, dropped for a bulk load and recreated
        afterwards (a bench-only shortcut: building an index once is much cheaper than keeping
        it up to date through a million inserts)."""
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute("SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'places_facility' "
                               "AND indexname NOT LIKE '%%_pkey'")
            else:
                cursor.execute("SELECT name, sql FROM sqlite_master WHERE type = 'index' "
                               "AND tbl_name = 'places_facility' AND sql IS NOT NULL")
            found = cursor.fetchall()
            for name, _sql in found:
                cursor.execute(f'DROP INDEX "{name}"')
        return [sql for _name, sql in found]

    def create_indexes(statements: list[str]) -> None:
        with connection.cursor() as cursor:
            for sql in statements:
                cursor.execute(sql)

    for size in args.sizes:
        if size > current:
            t0 = time.perf_counter()
            bulk = size - current >= args.bulk_threshold
            dropped = drop_indexes() if bulk else []
            result = generate_facilities(count=size - current, seed=size, synthesize=False)
            if dropped:
                t1 = time.perf_counter()
                create_indexes(dropped)
                print(f"[{backend}] {size:>9,} facilities: bulk load without indexes, then {len(dropped)} "
                      f"indexes rebuilt in {time.perf_counter() - t1:.1f} s", file=out, flush=True)
            current = size
            print(f"[{backend}] {size:>9,} facilities: generated {result['count']:,} in "
                  f"{time.perf_counter() - t0:.1f} s ({load()})", file=out, flush=True)
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE places_facility" if connection.vendor == "postgresql" else "ANALYZE")
        pts = points(args.queries, seed=size)
        warm = points(50, seed=size + 1)
        label = f"[{backend}] {size:>9,}"
        for path in paths:
            fn = lambda lat, lon, path=path: nearby.nearby(lat=lat, lon=lon, radius_m=1000, limit=20, path=path)  # noqa: E731
            timed(fn, warm)
            print(f"{label} nearby() {path:<9} {stats(timed(fn, pts))}  {load()}", file=out, flush=True)
        api = lambda lat, lon: client.get(f"/api/v1/nearby/?lat={lat:.6f}&lon={lon:.6f}&radius=1000")  # noqa: E731
        timed(api, warm)
        print(f"{label} API ({paths[-1]:<9})  {stats(timed(api, pts))}  {load()}", file=out, flush=True)

        def box2km(lat, lon):
            box = geo.bounding_box(lat, lon, 2000)
            rows = Facility.objects.published().filter(
                lat__range=(box.min_lat, box.max_lat), lon__range=(box.min_lon, box.max_lon)
            ).values_list("id", "kind", "lat", "lon")
            found = sorted(
                (d, kind, pk) for pk, kind, plat, plon in rows
                if (d := geo.haversine_m(lat, lon, plat, plon)) <= 1000
            )
            return found[:20]

        print(f"{label} fixed 2 km box    {stats(timed(box2km, pts[: max(20, args.queries // 5)]))}", file=out, flush=True)
        n_brute = 3 if size >= 1_000_000 else 10
        brute = lambda lat, lon: nearby_brute_force(lat=lat, lon=lon, radius_m=1000, limit=20)  # noqa: E731
        print(f"{label} brute-force scan  {stats(timed(brute, pts[:n_brute]))}", file=out, flush=True)
        if "postgis" in paths:
            def raw(lat, lon):
                with connection.cursor() as cursor:
                    cursor.execute(
                        "SELECT id FROM places_facility WHERE status = 'published' AND deleted_at IS NULL "
                        "ORDER BY geog <-> ST_SetSRID(ST_MakePoint(%s, %s), 4326)::geography LIMIT 20",
                        [lon, lat],
                    )
                    return cursor.fetchall()

            timed(raw, warm)
            print(f"{label} raw PostGIS KNN   {stats(timed(raw, pts))}", file=out, flush=True)
        # spot check: both paths agree with the brute force on a few points
        for lat, lon in pts[:3]:
            expected = [(k, pk) for k, pk, _ in nearby_brute_force(lat=lat, lon=lon, radius_m=1000, limit=20)]
            for path in paths:
                got = [(h.kind, h.id) for h in nearby.nearby(lat=lat, lon=lon, radius_m=1000, limit=20, path=path)]
                assert got == expected, (path, lat, lon)
        if args.wrk and size == args.wrk_size:
            print(json.dumps({"wrk_ready": size}), file=out, flush=True)
            sys.stdin.readline()  # the parent runs wrk against this database, then lets us go on


# --------------------------------------------------------------------------- parent side
WRK_SCRIPT = """
math.randomseed(42)
request = function()
  local lat = 30.55 + math.random() * 0.09
  local lon = 114.17 + math.random() * 0.13
  return wrk.format("GET", string.format("/api/v1/nearby/?lat=%.6f&lon=%.6f&radius=1000", lat, lon))
end
"""


def run_wrk(env: dict, duration: int, label: str) -> None:
    port = "8765"
    gunicorn = subprocess.Popen(
        [str(ROOT / ".venv/bin/gunicorn"), "portal.wsgi", "-w", "2", "-b", f"127.0.0.1:{port}",
         "--log-level", "warning"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    try:
        import urllib.request

        for _ in range(100):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/api/v1/facilities/", timeout=2)
                break
            except OSError:
                time.sleep(0.3)
        with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
            script.write(WRK_SCRIPT)
        results = {}
        for name, extra in (
            ("nearby", ["-s", script.name, f"http://127.0.0.1:{port}"]),
            ("list", [f"http://127.0.0.1:{port}/api/v1/facilities/?page_size=20"]),
            ("nearby", ["-s", script.name, f"http://127.0.0.1:{port}"]),
            ("list", [f"http://127.0.0.1:{port}/api/v1/facilities/?page_size=20"]),
        ):
            # warm-up, then measure; alternating runs so both see the same background load
            subprocess.run(["wrk", "-t2", "-c16", "-d2s", *extra], capture_output=True, check=False)
            done = subprocess.run(["wrk", "-t2", "-c16", f"-d{duration}s", "--latency", *extra],
                                  capture_output=True, text=True, check=False)
            rps = next(float(line.split()[1]) for line in done.stdout.splitlines() if line.startswith("Requests/sec"))
            non2xx = next((line.strip() for line in done.stdout.splitlines() if "Non-2xx" in line), "")
            results.setdefault(name, []).append(rps)
            print(f"[wrk {label}] {name:<6} {rps:9.1f} req/s {non2xx} ({load()})", flush=True)
        nearby_rps = statistics.mean(results["nearby"])
        list_rps = statistics.mean(results["list"])
        print(f"[wrk {label}] nearby {nearby_rps:.1f} req/s vs list {list_rps:.1f} req/s: "
              f"ratio {nearby_rps / list_rps:.2f} (target >= 0.75)", flush=True)
    finally:
        gunicorn.terminate()
        gunicorn.wait(timeout=30)


def run_backend(backend: str, args) -> None:
    if backend == "sqlite":
        path = Path(args.workdir) / f"{args.db_name}.sqlite3"
        for suffix in ("", "-wal", "-shm"):
            Path(str(path) + suffix).unlink(missing_ok=True)
        url = f"sqlite:///{path}"
    else:
        name = args.db_name
        admin = args.pg_url.rsplit("/", 1)[0] + "/postgres"
        subprocess.run(["psql", admin, "-qc", f"DROP DATABASE IF EXISTS {name}"], check=True)
        subprocess.run(["psql", admin, "-qc", f"CREATE DATABASE {name}"], check=True)
        url = args.pg_url.rsplit("/", 1)[0] + "/" + name
    env = _env(url)
    cmd = [sys.executable, __file__, "--worker", backend, "--sizes", ",".join(map(str, args.sizes)),
           "--queries", str(args.queries), "--wrk-size", str(args.wrk_size),
           "--bulk-threshold", str(args.bulk_threshold)]
    if args.wrk:
        cmd.append("--wrk")
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.PIPE, stdin=subprocess.PIPE, text=True)
    for line in proc.stdout:
        if line.startswith('{"wrk_ready"'):
            run_wrk(env, args.wrk_duration, backend)
            proc.stdin.write("\n")
            proc.stdin.flush()
            continue
        print(line, end="", flush=True)
    if proc.wait() != 0:
        raise SystemExit(f"{backend} worker failed")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="10000,100000,1000000")
    parser.add_argument("--backends", default="sqlite,postgres")
    parser.add_argument("--pg-url", default=PG_URL)
    parser.add_argument("--db-name", default="bench_nearby", help="SQLite file stem / PostgreSQL database name")
    parser.add_argument("--queries", type=int, default=400)
    parser.add_argument("--wrk", action="store_true")
    parser.add_argument("--wrk-size", type=int, default=100_000)
    parser.add_argument("--wrk-duration", type=int, default=15)
    parser.add_argument("--workdir", default=tempfile.gettempdir())
    parser.add_argument("--bulk-threshold", type=int, default=500_000,
                        help="load at least this many rows with the secondary indexes dropped and rebuilt")
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    parser.add_argument("--measure", metavar="DATABASE_URL", help="only re-time an already filled database")
    args = parser.parse_args()
    args.sizes = sorted(int(s) for s in args.sizes.split(","))
    if args.worker:
        sys.path.insert(0, str(ROOT))
        worker(args)
        return
    if args.measure:
        sys.path.insert(0, str(ROOT))
        measure_existing(args.measure, args.queries)
        return
    print(f"nearby benchmark: sizes {args.sizes}, {args.queries} random points, radius 1 km, limit 20; "
          f"{os.cpu_count()} CPUs ({load()})", flush=True)
    for backend in args.backends.split(","):
        run_backend(backend, args)


if __name__ == "__main__":
    main()
