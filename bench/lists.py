"""List benchmark (issue 21). Prints figures; not part of the test run.

    .venv/bin/python bench/lists.py build --backend sqlite --size 1000000        # fill a database once
    .venv/bin/python bench/lists.py build --backend postgres --size 100000
    .venv/bin/python bench/lists.py measure --backend sqlite --size 1000000      # in-process, cache bypassed
    .venv/bin/python bench/lists.py wrk --backend sqlite --size 100000           # gunicorn + wrk, interleaved
    .venv/bin/python bench/lists.py phases --backend sqlite --size 1000000       # where a list's time goes
    .venv/bin/python bench/lists.py instructions --backend sqlite --size 100000 --requests 60  # valgrind

``build``: a fresh database (SQLite file in $TMPDIR, or PostgreSQL database
``bench_lists_<size>`` at PG_URL), migrated, the district's communities and the demo projects
seeded, then ``generate_facilities --count N`` with every kind's own rows (meal services,
charge points and connectors with live status, amenities), plus weekly opening hours for 80 %
of the facilities in six patterns (around the clock, 06-22, 07-19 Monday-Friday, 11-14 and
17-21, past midnight 18-02, 09-17 weekends) and a closed-today exception for 1 %, then every
facility's stored open-now state (apps.places.open_state; the hours are written by SQL, so all
of them). At 1M the facility table's secondary indexes are dropped for the load and rebuilt
(a loading shortcut).

``measure``: the database first brought to where a server keeps it (``as_on_a_server``: the
open-now states that ran out since, the live reports moved forward to now, on PostgreSQL the
tables written vacuumed), then, with the cache bypassed (bench/nocache_settings.py: DummyCache), through
Django's full middleware stack (test client), interleaved request by request so every
endpoint sees the same background load: the nearby API (a random point, 1 km, 20) and every
list API and list page (the seven kinds, all facilities, projects) with a random filter
combination (each filter present with
probability 0.35, values drawn at random; ``search`` is left out: a substring search cannot
use a B-tree index), plus deep pages (page 1,000 by ``cursor`` and by ``page=1000``).
Median and p95 wall-clock per endpoint, and the ratio of each list's median to nearby's.
Before ``measure`` and ``wrk`` the database's files are read once into the OS cache (as on a
server that has been answering for a while; see ``_harness.warm_database``).

``wrk``: serves the database with gunicorn (2 workers, cache bypassed) and runs wrk
(2 threads, 16 connections) alternately against the nearby API and the canteen list API,
each with a random filter combination / point per request (Lua), twice each, and prints
median latencies and the ratio, and the workers' CPU time per request (from /proc) and its ratio.

``instructions``: the instructions a request of wrk's two endpoints executes (valgrind's
callgrind, Debian package ``valgrind``; minutes per run): counted, not timed, so the same on a
busy machine as on an idle one, for comparing two versions of the code where timings move by
more than the change (a worker serving the warm-up, minus one serving the warm-up and
``--requests`` more; ``PYTHONHASHSEED=0``).

``phases``: where a kind list API's time goes, per endpoint (median over random filter
combinations, in one process, cache bypassed): the filters (form and query building), the lean
query with its capped count, loading the page's rows, annotating them (open now, live
status), writing them out (the serializer), the JSON, and the rest (middleware, DRF); nearby's
total beside them.

The machine has 2 cores shared with other work: the load average is printed with the figures.
Environment: PG_URL (default postgres://postgres@127.0.0.1:5432/).
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import timedelta
from functools import partial
from pathlib import Path

import _harness
from _harness import ROOT, QuietCommand, fresh_database, load, run_worker, summary, warm_database, worker_env

DISTRICT = (30.55, 30.64, 114.17, 114.30)
database_url = partial(_harness.database_url, "lists")


def _env(url: str) -> dict:
    return worker_env(
        url,
        DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost,testserver",
        THROTTLE_NEARBY="100000000/min",
        MAP_TILE_URL="",
        DJANGO_STATIC_MANIFEST="0",  # pages link their static files without collectstatic
    )


# --------------------------------------------------------------------------- build
HOURS_SQL = """
INSERT INTO places_openinghours (facility_id, weekday, opens, closes)
SELECT f.id, d.w,
  (CASE f.id % 10 WHEN 0 THEN '00:00:00' WHEN 1 THEN '06:00:00' WHEN 2 THEN '07:00:00'
                 WHEN 3 THEN '11:00:00' WHEN 4 THEN '18:00:00' WHEN 5 THEN '09:00:00' ELSE '00:00:00' END){time},
  (CASE f.id % 10 WHEN 0 THEN '00:00:00' WHEN 1 THEN '22:00:00' WHEN 2 THEN '19:00:00'
                 WHEN 3 THEN '14:00:00' WHEN 4 THEN '02:00:00' WHEN 5 THEN '17:00:00' ELSE '00:00:00' END){time}
FROM places_facility f CROSS JOIN ({days}) d
WHERE f.id % 10 < 8 AND f.id > {after}
  AND NOT (f.id % 10 = 2 AND d.w >= 5) AND NOT (f.id % 10 = 5 AND d.w < 5) AND NOT (f.id % 10 = 7 AND d.w = 0)
"""
EVENING_SQL = """
INSERT INTO places_openinghours (facility_id, weekday, opens, closes)
SELECT f.id, d.w, '17:00:00'{time}, '21:00:00'{time} FROM places_facility f CROSS JOIN ({days}) d
WHERE f.id % 10 = 3 AND f.id > {after}
"""
EXCEPTIONS_SQL = """
INSERT INTO places_openingexception (facility_id, date, closed, note, note_en)
SELECT f.id, {today}{date}, {true}, 'bench', 'bench' FROM places_facility f WHERE f.id % 100 = 42 AND f.id > {after}
"""


def build(args) -> None:
    url = database_url(args.backend, args.size)
    fresh_database(url, args.backend)
    run_worker(__file__, "build-worker", args, _env(url))


def build_worker(args) -> None:
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone

    from apps.places import postgis
    from apps.places.generation import generate_facilities

    t0 = time.perf_counter()
    call_command("migrate", verbosity=0)
    if connection.vendor == "postgresql":
        postgis.ensure_postgis(connection)
    from apps.places import seed as places_seed
    from apps.projects import seed as projects_seed

    places_seed.run(QuietCommand())
    projects_seed.run(QuietCommand())
    print(f"[build] migrated and seeded in {time.perf_counter() - t0:.0f} s ({load()})", flush=True)
    tables = ("places_facility", "places_openinghours")
    dropped = []
    if args.size >= 500_000:
        with connection.cursor() as cursor:
            for table in tables:
                if connection.vendor == "postgresql":
                    cursor.execute("SELECT indexname, indexdef FROM pg_indexes WHERE tablename = %s "
                                   "AND indexname NOT LIKE '%%_pkey'", [table])
                else:
                    cursor.execute("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = %s "
                                   "AND sql IS NOT NULL", [table])
                found = cursor.fetchall()
                for name, _sql in found:
                    cursor.execute(f'DROP INDEX "{name}"')
                dropped += [sql for _name, sql in found]
    with connection.cursor() as cursor:
        cursor.execute("SELECT COALESCE(MAX(id), 0) FROM places_facility")
        after = cursor.fetchone()[0]
    t0 = time.perf_counter()
    result = generate_facilities(count=args.size, seed=args.size, log=None)
    print(f"[build] generate_facilities {args.size:,} in {result['seconds']:.0f} s "
          f"(base rows {result['insert_seconds']:.0f} s, kinds {result['hook_seconds']:.0f} s) ({load()})", flush=True)
    t0 = time.perf_counter()
    days = " UNION ALL ".join(f"SELECT {d} AS w" for d in range(7))
    today = timezone.localdate().isoformat()
    with connection.cursor() as cursor:
        pg = connection.vendor == "postgresql"
        cast = {"time": "::time" if pg else "", "date": "::date" if pg else ""}
        cursor.execute(HOURS_SQL.format(days=days, after=after, **cast))
        cursor.execute(EVENING_SQL.format(days=days, after=after, **cast))
        cursor.execute(EXCEPTIONS_SQL.format(today=f"'{today}'", after=after, true="true" if pg else "1", **cast))
        for sql in dropped:
            cursor.execute(sql)
    print(f"[build] opening hours and exceptions (and {len(dropped)} indexes rebuilt) in "
          f"{time.perf_counter() - t0:.0f} s", flush=True)
    from apps.places.open_state import refresh_open_states

    t0 = time.perf_counter()
    with connection.cursor() as cursor:  # the hours above were written without signals
        cursor.execute("UPDATE places_facility SET open_until = NULL")
    written = refresh_open_states()
    print(f"[build] open-now states of {written:,} facilities stored in {time.perf_counter() - t0:.0f} s "
          f"({load()})", flush=True)
    t0 = time.perf_counter()
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("VACUUM ANALYZE")
        else:
            cursor.execute("ANALYZE")
    print(f"[build] analyzed in {time.perf_counter() - t0:.0f} s ({load()})", flush=True)


# --------------------------------------------------------------------------- measure
def _maybe(rng, p=0.35) -> bool:
    return rng.random() < p


def list_requests(rng, choices) -> dict:
    """One random request per endpoint: {name: url}."""
    from urllib.parse import urlencode

    def common(q: dict) -> dict:
        if _maybe(rng):
            q["street"] = rng.choice(choices["streets"])
        elif _maybe(rng, 0.25):
            q["community"] = rng.choice(choices["communities"])
        if _maybe(rng):
            q["open_now"] = rng.choice(["true", "true", "false"])
        return q

    canteen = common({})
    if _maybe(rng):
        canteen["meal"] = ",".join(rng.sample(["breakfast", "lunch", "dinner"], rng.randint(1, 2)))
    if _maybe(rng):
        canteen["delivery"] = rng.choice(["true", "false"])
    charging = common({})
    if _maybe(rng):
        charging["connector"] = ",".join(rng.sample(["gbt_ac", "gbt_dc", "ccs2", "type2", "chademo"], rng.randint(1, 2)))
    if _maybe(rng):
        charging["available"] = rng.choice(["true", "true", "false"])
    if _maybe(rng):
        charging["min_power_kw"] = rng.choice(["7", "60", "120"])
    if _maybe(rng, 0.2):
        charging["power_type"] = rng.choice(["ac", "dc"])
    park = common({})
    if _maybe(rng):
        park["amenity"] = ",".join(rng.sample(["toilets", "fitness", "seating", "play_area", "walking_path"],
                                              rng.randint(1, 2)))
    if _maybe(rng, 0.2):
        park["park_type"] = rng.choice(["pocket", "city", "riverside"])
    if _maybe(rng, 0.2):
        park["parking"] = "true"
    eldercare = common({})
    if _maybe(rng, 0.3):
        eldercare["level"] = ",".join(rng.sample(["centre", "station", "hub_point", "embedded_point"], rng.randint(1, 2)))
    if _maybe(rng):
        eldercare["service"] = ",".join(rng.sample(["day_care", "meal_help", "bathing_help", "home_visits",
                                                    "rehabilitation"], rng.randint(1, 2)))
    if _maybe(rng, 0.2):
        eldercare["home_service"] = rng.choice(["true", "false"])
    health = common({})
    if _maybe(rng, 0.3):
        health["type"] = rng.choice(["community_centre", "community_station", "hospital"])
    if _maybe(rng):
        health["service"] = ",".join(rng.sample(["gp", "vaccination", "chronic_followup", "tcm"], rng.randint(1, 2)))
    parking = common({})
    if _maybe(rng, 0.3):
        parking["car_park_type"] = rng.choice(["underground", "multi_storey", "on_street", "residential_shared"])
    if _maybe(rng):
        parking["available"] = rng.choice(["true", "true", "false"])
    if _maybe(rng, 0.2):
        parking["ev_spaces"] = "true"
    accessibility = common({})
    if _maybe(rng):
        accessibility["site_type"] = ",".join(rng.sample(["ramp", "accessible_toilet", "lift", "tactile_paving",
                                                          "accessible_parking"], rng.randint(1, 2)))
    if _maybe(rng, 0.3):
        accessibility["condition"] = rng.choice(["good", "needs_repair"])
    facilities = {}
    if _maybe(rng, 0.6):
        facilities["kind"] = ",".join(rng.sample(["canteen", "charging", "park"], rng.randint(1, 2)))
    if _maybe(rng):
        facilities["street"] = rng.choice(choices["streets"])
    elif _maybe(rng, 0.25):
        facilities["community"] = rng.choice(choices["communities"])
    projects = {}
    if _maybe(rng):
        projects["year"] = "2024"
    if _maybe(rng):
        projects["status"] = rng.choice(["completed", "in_progress"])
    if _maybe(rng):
        projects["street"] = rng.choice(choices["streets"])

    def url(path, q):
        return path + ("?" + urlencode(q) if q else "")

    lat, lon = rng.uniform(*DISTRICT[:2]), rng.uniform(*DISTRICT[2:])
    return {
        "nearby API": f"/api/v1/nearby/?lat={lat:.6f}&lon={lon:.6f}&radius=1000",
        "canteens API": url("/api/v1/canteens/", canteen),
        "charging API": url("/api/v1/charging-stations/", charging),
        "parks API": url("/api/v1/parks/", park),
        "eldercare API": url("/api/v1/eldercare/", eldercare),
        "health API": url("/api/v1/health/", health),
        "car parks API": url("/api/v1/car-parks/", parking),
        "accessibility API": url("/api/v1/accessibility-sites/", accessibility),
        "facilities API": url("/api/v1/facilities/", facilities),
        "projects API": url("/api/v1/projects/", projects),
        "canteens page": url("/canteens/", canteen),
        "charging page": url("/charging/", charging),
        "parks page": url("/parks/", park),
        "eldercare page": url("/eldercare/", eldercare),
        "health page": url("/health/", health),
        "car parks page": url("/parking/", parking),
        "accessibility page": url("/accessibility/", accessibility),
        "projects page": url("/projects/", projects),
    }


def as_on_a_server() -> str:
    """Brings the database to where a server keeps it, and says what that took: the stored
    open-now states that ran out since updated (the minute job, places.refresh_open_states),
    the charge points' status reports and the car parks' free-space counts moved forward so
    that the newest is now (the operators' reports: they are written when the database is
    built and turn "unknown" after 120 and 30 minutes, so a list filtered by "free now"
    measured later would read only stale reports), and, on PostgreSQL, the tables it wrote
    vacuumed (autovacuum's work on a server: this machine's PostgreSQL runs with autovacuum
    off, and an updated row's page is no longer "all visible", so the lists' index-only scans
    read the table for each entry on it: a parks list p95 of 50 ms instead of 18 after the
    migration that rewrote every charging station's bits, on pages every kind shares)."""
    from contextlib import nullcontext

    from django.db import connection, transaction
    from django.db.models import F, Max
    from django.utils import timezone

    from apps.charging import live
    from apps.charging.models import ChargePoint
    from apps.parking.models import CarPark
    from apps.places.models import Facility
    from apps.places.open_state import refresh_open_states

    started = time.perf_counter()
    written = {}
    if states := refresh_open_states():
        written[Facility] = f"{states:,} open-now states"
    for model, field in ((ChargePoint, "status_reported_at"), (CarPark, "free_spaces_reported_at")):
        newest = model.objects.aggregate(newest=Max(field))["newest"]
        if newest is None or timezone.now() - newest < timedelta(minutes=5):
            continue
        shift = timezone.now() - newest
        with transaction.atomic(), (live.loading(connection, ids=(0, 2**62)) if model is ChargePoint else nullcontext()):
            # (the stations' newest free reports computed once, not by the trigger per charge point)
            rows = model.objects.filter(**{f"{field}__isnull": False}).update(**{field: F(field) + shift})
        written[model] = f"{rows:,} {model._meta.model_name} reports moved {shift.total_seconds() / 60:.0f} min on"
    if connection.vendor == "postgresql":
        # (moving the charge points' reports moves their stations' newest free report, which
        # the database's triggers write on the facility rows: apps.charging.live)
        stations_moved = [Facility] if ChargePoint in written and Facility not in written else []
        with connection.cursor() as cursor:
            for model in [*written, *stations_moved]:
                cursor.execute(f"VACUUM (ANALYZE) {connection.ops.quote_name(model._meta.db_table)}")
    done = ", ".join(written.values()) or "nothing out of date"
    vacuumed = " (tables vacuumed)" if written and connection.vendor == "postgresql" else ""
    return f"as on a server: {done}{vacuumed} in {time.perf_counter() - started:.1f} s"


def measure(args) -> None:
    url = database_url(args.backend, args.size)
    print(f"[{args.backend} {args.size:,}] {warm_database(url, args.backend)}", flush=True)
    run_worker(__file__, "measure-worker", args, _env(url), "--requests", str(args.requests),
               "--slowest", str(args.slowest), *(["--only", args.only] if args.only else []))


def measure_worker(args) -> None:
    from django.db import connection
    from django.test import Client

    import portal.wsgi  # noqa: F401  (set up as the servers are: Django, then gc.freeze())
    from apps.core.pagination import encode_cursor
    from apps.places.models import Community, Facility, SubDistrict

    print(f"[{args.backend} {args.size:,}] {as_on_a_server()}", flush=True)
    client = Client()
    choices = {
        "streets": list(SubDistrict.objects.values_list("pk", flat=True)),
        "communities": list(Community.objects.values_list("pk", flat=True)),
    }
    # page 1,000 of every canteen and of every facility, by cursor (as a client following
    # next links gets there) and by number
    canteen_ids = Facility.objects.published().filter(kind="canteen").order_by("id").values_list("id", flat=True)
    all_ids = Facility.objects.published().order_by("id").values_list("id", flat=True)
    # (a database with seven kinds may hold fewer than 20,000 canteens: then their last full page)
    deep_n = min(1000, canteen_ids.count() // 20)
    deep = {
        "canteens API page 1000 (cursor)": "/api/v1/canteens/?cursor="
        + encode_cursor([canteen_ids[(deep_n - 1) * 20 - 1]], before=False, number=deep_n),
        "canteens API page 1000 (page=)": f"/api/v1/canteens/?page={deep_n}",
        "canteens page 1000 (cursor)": "/canteens/?cursor="
        + encode_cursor([canteen_ids[(deep_n - 1) * 20 - 1]], before=False, number=deep_n),
        "facilities API page 1000 (cursor)": "/api/v1/facilities/?cursor="
        + encode_cursor([all_ids[999 * 20 - 1]], before=False, number=1000),
        "facilities API page 1000 (page=)": "/api/v1/facilities/?page=1000",
    }
    rng = random.Random(args.size)
    warm = [list_requests(rng, choices) for _ in range(30)]
    plan = [list_requests(rng, choices) for _ in range(args.requests)]
    times: dict[str, list[float]] = {}
    cpu: dict[str, list[float]] = {}
    slowest: dict[str, list] = {}
    only = args.only.split(",") if args.only else None

    def hit(name, path, record=True):
        if only and not any(o in name for o in only) and name != "nearby API":
            return
        c0, t0 = time.process_time(), time.perf_counter()
        response = client.get(path)
        elapsed, used = time.perf_counter() - t0, time.process_time() - c0
        if response.status_code != 200:
            raise SystemExit(f"{name}: {path} answered {response.status_code}: {response.content[:300]!r}")
        if record:
            times.setdefault(name, []).append(elapsed)
            cpu.setdefault(name, []).append(used)
            slowest.setdefault(name, []).append((elapsed, path))

    for requests in warm:
        for name, path in requests.items():
            hit(name, path, record=False)
    for name, path in deep.items():
        hit(name, path, record=False)
    started_load = load()
    for i, requests in enumerate(plan):
        for name, path in requests.items():
            hit(name, path)
        if i % 4 == 0:
            for name, path in deep.items():
                hit(name, path)
    label = f"[{args.backend} {args.size:,}]"
    nearby_median = summary(times["nearby API"])[0]
    print(f"{label} {len(plan)} random requests per endpoint, cache bypassed, {connection.vendor} "
          f"({started_load} at start, {load()} at end)", flush=True)
    for name, samples in times.items():
        median, p95 = summary(samples)
        cpu_median, cpu_p95 = summary(cpu[name])
        print(f"{label} {name:<34} median {median:7.2f} ms  p95 {p95:7.2f} ms  x nearby {median / nearby_median:5.2f}"
              f"  cpu median {cpu_median:6.2f} p95 {cpu_p95:6.2f} ms  (n={len(samples)})", flush=True)
    if args.slowest:
        for name, hits in slowest.items():
            for elapsed, path in sorted(hits, reverse=True)[: args.slowest]:
                print(f"{label}   slowest {name}: {elapsed * 1000:7.1f} ms {path}", flush=True)


# --------------------------------------------------------------------------- wrk
WRK_NEARBY = """
math.randomseed(42)
request = function()
  local lat = 30.55 + math.random() * 0.09
  local lon = 114.17 + math.random() * 0.13
  return wrk.format("GET", string.format("/api/v1/nearby/?lat=%.6f&lon=%.6f&radius=1000", lat, lon))
end
"""
WRK_LIST = """
math.randomseed(43)
local streets = {STREETS}
local meals = {"breakfast", "lunch", "dinner", "lunch,dinner"}
request = function()
  local q = {}
  if math.random() < 0.35 then q[#q + 1] = "street=" .. streets[math.random(#streets)] end
  if math.random() < 0.35 then q[#q + 1] = "open_now=true" end
  if math.random() < 0.35 then q[#q + 1] = "meal=" .. meals[math.random(#meals)] end
  if math.random() < 0.35 then q[#q + 1] = "delivery=" .. (math.random() < 0.5 and "true" or "false") end
  return wrk.format("GET", "/api/v1/canteens/?" .. table.concat(q, "&"))
end
"""


def _workers_cpu_seconds(master: int) -> float:
    """CPU time (user + system) the gunicorn ``master``'s workers used so far (Linux /proc)."""
    children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
    ticks = 0
    for child in children:
        fields = Path(f"/proc/{child}/stat").read_text().rsplit(")", 1)[1].split()
        ticks += int(fields[11]) + int(fields[12])  # utime, stime
    return ticks / os.sysconf("SC_CLK_TCK")


def wrk(args) -> None:
    import urllib.request

    url = database_url(args.backend, args.size)
    print(f"[{args.backend} {args.size:,}] {warm_database(url, args.backend)}", flush=True)
    env = _env(url)
    streets = subprocess.run(
        [sys.executable, "-c", "import django; django.setup(); from apps.places.models import SubDistrict; "
         "print(','.join(str(p) for p in SubDistrict.objects.values_list('pk', flat=True)))"],
        cwd=ROOT, env=env, capture_output=True, text=True, check=True).stdout.strip()
    port = "8766"
    gunicorn = subprocess.Popen(
        [str(ROOT / ".venv/bin/gunicorn"), "portal.wsgi", "-w", "2", "-b", f"127.0.0.1:{port}", "--log-level", "warning"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    scripts = {}
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/api/v1/canteens/", timeout=5)
                break
            except OSError:
                time.sleep(0.3)
        for name, text in (("nearby", WRK_NEARBY), ("canteens", WRK_LIST.replace("{STREETS}", "{" + streets + "}"))):
            with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
                script.write(text)
            scripts[name] = script.name
        results: dict[str, list[tuple[float, float]]] = {}
        for name in ("nearby", "canteens", "nearby", "canteens"):
            extra = ["-s", scripts[name], f"http://127.0.0.1:{port}"]
            subprocess.run(["wrk", "-t2", "-c16", "-d2s", *extra], capture_output=True, check=False)
            cpu_before = _workers_cpu_seconds(gunicorn.pid)
            done = subprocess.run(["wrk", "-t2", "-c16", f"-d{args.duration}s", "--latency", *extra],
                                  capture_output=True, text=True, check=False)
            cpu_spent = _workers_cpu_seconds(gunicorn.pid) - cpu_before
            lines = done.stdout.splitlines()
            rps = next(float(line.split()[1]) for line in lines if line.startswith("Requests/sec"))
            p50 = next(line.split()[1] for line in lines if line.strip().startswith("50%"))
            p50_ms = float(p50[:-2]) if p50.endswith("ms") else float(p50[:-2]) / 1000 if p50.endswith("us") else float(p50[:-1]) * 1000
            non2xx = next((line.strip() for line in lines if "Non-2xx" in line), "")
            served = next(int(line.split()[0]) for line in lines if "requests in" in line)
            cpu_ms = cpu_spent * 1000 / max(served, 1)
            results.setdefault(name, []).append((rps, p50_ms, cpu_ms))
            print(f"[wrk {args.backend} {args.size:,}] {name:<9} {rps:8.1f} req/s  median {p50_ms:7.2f} ms  "
                  f"workers' CPU {cpu_ms:5.2f} ms/request {non2xx} ({load()})", flush=True)
        n = statistics.mean(r[1] for r in results["nearby"])
        c = statistics.mean(r[1] for r in results["canteens"])
        print(f"[wrk {args.backend} {args.size:,}] median canteens {c:.2f} ms vs nearby {n:.2f} ms: "
              f"{c / n:.2f} x (target <= 1.5)", flush=True)
        n_cpu = statistics.mean(r[2] for r in results["nearby"])
        c_cpu = statistics.mean(r[2] for r in results["canteens"])
        print(f"[wrk {args.backend} {args.size:,}] workers' CPU per request: canteens {c_cpu:.2f} ms vs nearby "
              f"{n_cpu:.2f} ms: {c_cpu / n_cpu:.2f} x", flush=True)
    finally:
        gunicorn.terminate()
        gunicorn.wait(timeout=30)
        for path in scripts.values():
            Path(path).unlink(missing_ok=True)


# --------------------------------------------------------------------------- instructions
INSTRUCTIONS_WARM_UP = 250


def _wrk_mix(endpoint: str, rng: random.Random, streets: list) -> str:
    """A request as wrk's scripts above make them (the same mix of filters)."""
    if endpoint == "nearby":
        lat, lon = 30.55 + rng.random() * 0.09, 114.17 + rng.random() * 0.13
        return f"/api/v1/nearby/?lat={lat:.6f}&lon={lon:.6f}&radius=1000"
    q = []
    if rng.random() < 0.35:
        q.append(f"street={rng.choice(streets)}")
    if rng.random() < 0.35:
        q.append("open_now=true")
    if rng.random() < 0.35:
        q.append("meal=" + rng.choice(["breakfast", "lunch", "dinner", "lunch,dinner"]))
    if rng.random() < 0.35:
        q.append("delivery=" + rng.choice(["true", "false"]))
    return "/api/v1/canteens/?" + "&".join(q)


def instructions(args) -> None:
    """Instructions per request (valgrind's callgrind, which counts them rather than timing
    them: the same figure on a busy machine and an idle one) of wrk's two endpoints, each the
    difference between a worker serving the warm-up only and the warm-up plus --requests."""
    url = database_url(args.backend, args.size)
    env = {**_env(url), "PYTHONHASHSEED": "0"}
    runs = {}
    for endpoint in ("nearby", "canteens"):
        for count in (0, args.requests):
            runs[endpoint, count] = subprocess.Popen(
                ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", sys.executable, __file__,
                 "instructions-worker", "--backend", args.backend, "--size", str(args.size),
                 "--requests", str(count), "--only", endpoint],
                cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    counted = {}
    for key, run in runs.items():
        _out, err = run.communicate()
        found = [line for line in err.splitlines() if "Collected :" in line]
        if run.returncode != 0 or not found:
            raise SystemExit(f"{key}: valgrind failed: {err[-2000:]}")
        counted[key] = int(found[-1].split(":")[-1])
    per = {endpoint: (counted[endpoint, args.requests] - counted[endpoint, 0]) / args.requests
           for endpoint in ("nearby", "canteens")}
    for endpoint, n in per.items():
        print(f"[instructions {args.backend} {args.size:,}] {endpoint:<9} {n / 1e6:7.2f} M per request "
              f"(wrk's mix, {args.requests} requests after {INSTRUCTIONS_WARM_UP})", flush=True)
    print(f"[instructions {args.backend} {args.size:,}] canteens {per['canteens'] / per['nearby']:.2f} x nearby",
          flush=True)


def instructions_worker(args) -> None:
    from django.test import Client

    import portal.wsgi  # noqa: F401  (set up as the servers are)
    from apps.places.models import SubDistrict

    client = Client()
    streets = list(SubDistrict.objects.order_by("pk").values_list("pk", flat=True))
    rng = random.Random(44)
    for _ in range(INSTRUCTIONS_WARM_UP + args.requests):
        path = _wrk_mix(args.only, rng, streets)
        response = client.get(path)
        if response.status_code != 200:
            raise SystemExit(f"{path} answered {response.status_code}")


def phases(args) -> None:
    url = database_url(args.backend, args.size)
    print(f"[{args.backend} {args.size:,}] {warm_database(url, args.backend)}", flush=True)
    run_worker(__file__, "phases-worker", args, _env(url), "--requests", str(args.requests))


PHASES = ("filters", "lean query + count", "load", "annotate", "write", "JSON", "rest")


def phases_worker(args) -> None:
    from functools import wraps

    from django.test import Client
    from django_filters.rest_framework import DjangoFilterBackend
    from rest_framework.serializers import ListSerializer

    import portal.wsgi  # noqa: F401  (set up as the servers are)
    from apps.core import pagination
    from apps.core.renderers import FastJSONRenderer
    from apps.places.kind_api import FacilityKindListApi
    from apps.places.kit import KindSelectors
    from apps.places.models import Community, SubDistrict

    print(f"[{args.backend} {args.size:,}] {as_on_a_server()}", flush=True)
    spent: dict[str, float] = {}
    depth: dict[str, int] = {}

    def timed(name, function):
        @wraps(function)
        def wrapper(*a, **kw):
            depth[name] = depth.get(name, 0) + 1
            started = time.perf_counter()
            try:
                return function(*a, **kw)
            finally:
                depth[name] -= 1
                if not depth[name]:  # the outermost call only (a nested list serializer is inside)
                    spent[name] = spent.get(name, 0.0) + time.perf_counter() - started
        return wrapper

    # (patched here only: this process measures, it serves nothing)
    DjangoFilterBackend.filter_queryset = timed("filters", DjangoFilterBackend.filter_queryset)
    FacilityKindListApi.paginate_queryset = timed("paginate", FacilityKindListApi.paginate_queryset)
    pagination._rows = timed("rows", pagination._rows)
    KindSelectors.page = timed("load", KindSelectors.page)
    ListSerializer.to_representation = timed("write", ListSerializer.to_representation)
    FastJSONRenderer.render = timed("JSON", FastJSONRenderer.render)

    client = Client()
    choices = {"streets": list(SubDistrict.objects.values_list("pk", flat=True)),
               "communities": list(Community.objects.values_list("pk", flat=True))}
    rng = random.Random(args.size)
    names = ["nearby API"] + [n for n in list_requests(rng, choices) if n.endswith(" API")
                              and n not in ("nearby API", "facilities API", "projects API")]
    plan = [list_requests(rng, choices) for _ in range(20 + args.requests)]
    samples: dict[str, list[dict]] = {name: [] for name in names}
    for number, requests in enumerate(plan):
        for name in names:
            spent.clear()
            started = time.perf_counter()
            client.get(requests[name])
            total = time.perf_counter() - started
            if number < 20:  # warming up
                continue
            got = dict(spent)
            parts = {
                "filters": got.get("filters", 0.0),
                "lean query + count": got.get("rows", 0.0) - got.get("load", 0.0),
                "load": got.get("load", 0.0),
                "annotate": got.get("paginate", 0.0) - got.get("rows", 0.0),
                "write": got.get("write", 0.0),
                "JSON": got.get("JSON", 0.0),
            }
            parts["rest"] = total - sum(parts.values())
            samples[name].append({"total": total, **parts})
    print(f"[{args.backend} {args.size:,}] medians in ms over {args.requests} random requests per endpoint, "
          f"each column's own (they need not add up to the total's) ({load()})", flush=True)
    print(f"{'endpoint':<18} {'total':>6}  " + "  ".join(f"{p:>{max(len(p), 6)}}" for p in PHASES))
    for name, rows in samples.items():
        cells = "  ".join(f"{statistics.median(r[p] for r in rows) * 1000:>{max(len(p), 6)}.2f}" for p in PHASES)
        print(f"{name:<18} {statistics.median(r['total'] for r in rows) * 1000:6.2f}  {cells}", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("action", choices=["build", "measure", "wrk", "phases", "instructions", "build-worker",
                                           "measure-worker", "phases-worker", "instructions-worker"])
    parser.add_argument("--backend", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--size", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=200, help="random requests per endpoint")
    parser.add_argument("--duration", type=int, default=15, help="seconds per wrk run")
    parser.add_argument("--slowest", type=int, default=0, help="print the N slowest requests per endpoint")
    parser.add_argument("--only", default="", help="comma list of endpoint name parts to time (besides nearby)")
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    {"build": build, "measure": measure, "wrk": wrk, "phases": phases, "build-worker": build_worker,
     "measure-worker": measure_worker, "phases-worker": phases_worker, "instructions": instructions,
     "instructions-worker": instructions_worker}[args.action](args)


if __name__ == "__main__":
    main()
