"""Whole-portal load benchmark (issue 9). Prints figures; not part of the test run.

    .venv/bin/python bench/load.py                       # set up portal_load, then measure everything
    .venv/bin/python bench/load.py --reuse               # measure again on the existing database
    .venv/bin/python bench/load.py --duration 5 --only ceiling,/canteens/,nearby-api

Set-up (skipped with ``--reuse`` when the database is already filled): drops and creates the
PostgreSQL database ``portal_load`` (``--db-name``), migrates, runs ``seed_demo`` and
``generate_facilities --count 100000`` (``--facilities``; every kind with its own rows), runs
``VACUUM ANALYZE`` and ``collectstatic``. Then it starts gunicorn (2 workers, ``--workers``) on
127.0.0.1 with production settings (DEBUG off, hashed compressed static files through
WhiteNoise, cache in Redis db 7 (``--redis-url``), no HTTPS redirect since there is no TLS
proxy here) and runs ``wrk`` (2 threads, 16 connections, 10 s after a 2 s warm-up; all
configurable) against

- the ceiling: ``/api/ping``, the smallest JSON view the stack can serve (the same middleware as
  every other URL, no database, no template), measured first and last; its mean is the ceiling;
- the public pages ``/``, ``/canteens/``, ``/charging/``, ``/parks/``, ``/projects/``, a canteen's
  page, a project's page, and the APIs ``/api/v1/canteens/``, ``/api/v1/nearby/`` (a random point
  in the district per request, radius 1 km) and ``/api/v1/projects/``, and ``/charging/`` once
  more while a separate process sends operators' charge-point status reports
  (``--reports-per-second``, default 20: live telemetry must not empty the list caches),

each in Chinese and in English (``Accept-Language``). For each it prints requests/s, p50 and p99
latency, the number of responses outside 200-299 (counted by the wrk Lua script, so a redirect
would count too) and the ratio to the ceiling, with the load average of the machine. Everything
it starts (gunicorn and its workers) runs in its own process group and is stopped at the end.

The nearby API is throttled per client address in production (6000/min); wrk is one address,
so the benchmark raises that limit (THROTTLE_NEARBY) — the throttle's own cost (one cache
round trip) stays in the measurement.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PG_URL = os.environ.get("PG_URL", "postgres://postgres@127.0.0.1:5432/")
DISTRICT = (30.55, 30.64, 114.17, 114.30)
LANGUAGES = ("zh-hans", "en")

LUA = r"""
local path = os.getenv("BENCH_PATH")
local lang = os.getenv("BENCH_LANG")
local random_point = path == "NEARBY"
local threads = {}
math.randomseed(os.time())

setup = function(thread)
  table.insert(threads, thread)
end

init = function(args)
  non2xx = 0
  wrk.headers["Accept-Language"] = lang
  wrk.headers["Accept-Encoding"] = "gzip"
end

request = function()
  if random_point then
    local lat = LAT0 + math.random() * DLAT
    local lon = LON0 + math.random() * DLON
    return wrk.format("GET", string.format("/api/v1/nearby/?lat=%.6f&lon=%.6f&radius=1000", lat, lon))
  end
  return wrk.format("GET", path)
end

response = function(status, headers, body)
  if status < 200 or status > 299 then
    non2xx = non2xx + 1
  end
end

done = function(summary, latency, requests)
  local bad = 0
  for _, thread in ipairs(threads) do
    bad = bad + thread:get("non2xx")
  end
  io.write(string.format("BENCH %d %.3f %.3f %.3f %d %d\n",
    summary.requests, summary.duration / 1e6,
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, bad,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
""".replace("LAT0", f"{DISTRICT[0]:.4f}").replace("DLAT", f"{DISTRICT[1] - DISTRICT[0]:.4f}").replace(
    "LON0", f"{DISTRICT[2]:.4f}").replace("DLON", f"{DISTRICT[3] - DISTRICT[2]:.4f}")


# Operators' status reports during a target (``--reports-per-second``): a separate process
# that reports random charge points' status through the service, as the operator API does.
REPORTER = r"""
import os, random, signal, sys, time
import django
django.setup()
from apps.charging.models import ChargePoint, ChargePointStatus
from apps.charging.services import charge_point_status_report
rate = float(sys.argv[1])
points = list(ChargePoint.objects.values_list("pk", flat=True)[:5000])
rng = random.Random(7)
sent, stop = 0, False
def finish(*_):
    global stop
    stop = True
signal.signal(signal.SIGTERM, finish)
started = time.monotonic()
while not stop:
    point = ChargePoint(pk=rng.choice(points))
    charge_point_status_report(charge_point=point, status=rng.choice(ChargePointStatus.values))
    sent += 1
    delay = started + sent / rate - time.monotonic()
    if delay > 0:
        time.sleep(delay)
print(f"REPORTS {sent} {time.monotonic() - started:.3f}", flush=True)
"""


def start_reporter(env: dict, rate: float) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-c", REPORTER, str(rate)], cwd=ROOT, env=env,
                            stdout=subprocess.PIPE, text=True, start_new_session=True)


def stop_reporter(process: subprocess.Popen) -> float:
    """Stops it; the reports per second it managed."""
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
    out, _ = process.communicate(timeout=30)
    line = next((ln for ln in out.splitlines() if ln.startswith("REPORTS ")), "REPORTS 0 1")
    sent, seconds = line.split()[1:]
    return int(sent) / max(float(seconds), 1e-9)


def load_average() -> str:
    one, five, fifteen = os.getloadavg()
    return f"load {one:.1f}/{five:.1f}/{fifteen:.1f}"


def django_env(args) -> dict:
    env = dict(os.environ)
    env.update({
        "DATABASE_URL": args.pg_url.rstrip("/") + "/" + args.db_name,
        "REDIS_URL": args.redis_url,
        "DJANGO_SETTINGS_MODULE": "portal.settings",
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": "load-bench-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz",
        "PERSONAL_DATA_KEY": "load-bench-only-personal-data-key",
        "DJANGO_SECURE_SSL_REDIRECT": "0",  # no TLS proxy in front of gunicorn here
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DJANGO_STATIC_MANIFEST": "1",
        "THROTTLE_NEARBY": "1000000/s",  # wrk is one client address; a 1 s window keeps its history short
        "DJANGO_LOG_LEVEL": "ERROR",
        "PYTHONPATH": str(ROOT),
    })
    return env


def manage(env: dict, *argv: str) -> None:
    started = time.monotonic()
    subprocess.run([sys.executable, "manage.py", *argv], cwd=ROOT, env=env, check=True,
                   stdout=subprocess.DEVNULL if argv[0] == "collectstatic" else None)
    print(f"  {' '.join(argv)}: {time.monotonic() - started:.0f} s ({load_average()})", flush=True)


def psql(url: str, sql: str, *, capture: bool = False) -> str:
    done = subprocess.run(["psql", url, "-qAtc", sql], check=True, capture_output=capture, text=True)
    return done.stdout.strip() if capture else ""


def set_up(args, env: dict) -> None:
    admin = args.pg_url.rstrip("/") + "/postgres"
    database = args.pg_url.rstrip("/") + "/" + args.db_name
    if args.reuse:
        exists = psql(admin, f"SELECT 1 FROM pg_database WHERE datname = '{args.db_name}'", capture=True)
        if exists and psql(database, "SELECT to_regclass('places_facility') IS NOT NULL", capture=True) == "t":
            count = int(psql(database, "SELECT count(*) FROM places_facility", capture=True))
            if count >= args.facilities:
                print(f"reusing {args.db_name} ({count} facilities)", flush=True)
                manage(env, "migrate", "--noinput", "-v", "0")  # any migration added since
                manage(env, "collectstatic", "--noinput")
                return
    print(f"setting up {args.db_name} ({load_average()})", flush=True)
    psql(admin, f"DROP DATABASE IF EXISTS {args.db_name}")
    psql(admin, f"CREATE DATABASE {args.db_name}")
    manage(env, "migrate", "--noinput", "-v", "0")
    manage(env, "seed_demo")
    manage(env, "generate_facilities", "--count", str(args.facilities))
    psql(database, "VACUUM ANALYZE")
    manage(env, "collectstatic", "--noinput")


def get(url: str, lang: str = "zh-hans") -> tuple[int, bytes]:
    request = urllib.request.Request(url, headers={"Accept-Language": lang})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read()


def start_gunicorn(args, env: dict) -> subprocess.Popen:
    return subprocess.Popen(
        [str(ROOT / ".venv/bin/gunicorn"), "portal.wsgi:application", "--workers", str(args.workers),
         "--bind", f"127.0.0.1:{args.port}", "--log-level", "warning", "--access-logfile", "/dev/null"],
        cwd=ROOT, env=env, start_new_session=True,  # its own process group, stopped as a whole
    )


def stop(process: subprocess.Popen) -> None:
    if process.poll() is not None:
        return
    try:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)
    except ProcessLookupError:
        pass


def wrk(args, script: str, path: str, lang: str, duration: int) -> dict:
    env = {**os.environ, "BENCH_PATH": path, "BENCH_LANG": lang}
    done = subprocess.run(
        ["wrk", f"-t{args.threads}", f"-c{args.connections}", f"-d{duration}s", "--timeout", "10s",
         "-s", script, f"http://127.0.0.1:{args.port}"],
        env=env, capture_output=True, text=True, check=False,
    )
    line = next((ln for ln in done.stdout.splitlines() if ln.startswith("BENCH ")), None)
    if line is None:
        raise RuntimeError(f"wrk failed for {path}: {done.stdout} {done.stderr}")
    requests, seconds, p50, p99, non2xx, errors = line.split()[1:]
    return {"rps": int(requests) / float(seconds), "p50": float(p50), "p99": float(p99),
            "non2xx": int(non2xx), "errors": int(errors), "requests": int(requests),
            "load": load_average()}


REPORTS_LABEL = "/charging/ + reports"  # /charging/ while operators report pile status


def targets(base: str) -> list[tuple[str, str]]:
    status, body = get(f"{base}/api/v1/canteens/?page_size=1")
    if status != 200:
        raise RuntimeError(f"/api/v1/canteens/ answered {status}")
    canteen = json.loads(body)["results"][0]["url"]
    status, body = get(f"{base}/api/v1/projects/?page_size=1")
    if status != 200:
        raise RuntimeError(f"/api/v1/projects/ answered {status}")
    project = json.loads(body)["results"][0]["url"]
    canteen = canteen.split("://", 1)[-1].split("/", 1)[-1] if "://" in canteen else canteen.lstrip("/")
    project = project.split("://", 1)[-1].split("/", 1)[-1] if "://" in project else project.lstrip("/")
    return [
        ("/", "/"),
        ("/canteens/", "/canteens/"),
        ("/charging/", "/charging/"),
        (REPORTS_LABEL, "/charging/"),
        ("/parks/", "/parks/"),
        ("/projects/", "/projects/"),
        ("canteen page", "/" + canteen),
        ("project page", "/" + project),
        ("/api/v1/canteens/", "/api/v1/canteens/"),
        ("nearby-api", "NEARBY"),
        ("/api/v1/projects/", "/api/v1/projects/"),
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pg-url", default=PG_URL, help="server URL without the database (default %(default)s)")
    parser.add_argument("--db-name", default="portal_load")
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/7")
    parser.add_argument("--facilities", type=int, default=100_000)
    parser.add_argument("--reuse", action="store_true", help="keep an already filled database")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--port", type=int, default=8791)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--duration", type=int, default=10, help="seconds measured per URL and language")
    parser.add_argument("--warmup", type=int, default=2, help="seconds of unmeasured requests first")
    parser.add_argument("--ceiling-every", type=int, default=1, help="measure the ceiling again after this many targets")
    parser.add_argument("--only", help="comma list of target labels (ceiling always runs)")
    parser.add_argument("--json", help="also write the figures to this file")
    parser.add_argument("--reports-per-second", type=float, default=20.0,
                        help="operators' status reports during the '/charging/ + reports' target")
    args = parser.parse_args()

    def interrupted(signum, _frame):
        raise SystemExit(f"stopped by signal {signum}")  # runs the finally blocks below

    signal.signal(signal.SIGTERM, interrupted)
    signal.signal(signal.SIGINT, interrupted)
    env = django_env(args)
    print(f"load benchmark: {os.cpu_count()} CPUs, gunicorn {args.workers} workers, wrk -t{args.threads} "
          f"-c{args.connections} -d{args.duration}s ({load_average()})", flush=True)
    set_up(args, env)
    # a cold, empty cache for this run (our own Redis db only)
    subprocess.run(["redis-cli", "-u", args.redis_url, "FLUSHDB"], check=False, capture_output=True)

    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as handle:
        handle.write(LUA)
        script = handle.name
    gunicorn = start_gunicorn(args, env)
    base = f"http://127.0.0.1:{args.port}"
    rows = []
    try:
        for _ in range(200):
            if gunicorn.poll() is not None:
                raise SystemExit("gunicorn exited")
            try:
                if get(f"{base}/api/ping")[0] == 200:
                    break
            except OSError:
                time.sleep(0.25)
        plan = targets(base)
        if args.only:
            wanted = set(args.only.split(","))
            plan = [t for t in plan if t[0] in wanted]
        for _label, path in plan:  # every URL answers 200 in both languages before we measure
            for lang in LANGUAGES:
                probe = path if path != "NEARBY" else "/api/v1/nearby/?lat=30.58&lon=114.26"
                status = get(base + probe, lang)[0]
                if status != 200:
                    raise SystemExit(f"{probe} ({lang}) answered {status}")

        def measure(label: str, path: str, lang: str) -> dict:
            reporter = start_reporter(env, args.reports_per_second) if label == REPORTS_LABEL else None
            try:
                wrk(args, script, path, lang, args.warmup)
                row = {"label": label, "path": path, "lang": lang, **wrk(args, script, path, lang, args.duration)}
            finally:
                reports = stop_reporter(reporter) if reporter else None
            note = f"  {reports:.1f} reports/s" if reports is not None else ""
            row["label"] = f"{label} ({reports:.0f}/s)" if reports is not None else label
            print(f"  {label:<20} {lang:<8} {row['rps']:8.1f} req/s  p50 {row['p50']:7.1f} ms  "
                  f"p99 {row['p99']:7.1f} ms  non-2xx {row['non2xx']}{note}  ({row['load']})", flush=True)
            rows.append(row)
            return row

        # the ceiling is measured first, after every few targets and last (the background load
        # of a shared machine drifts); its mean over the run is the reference for every ratio
        ceilings = [measure("ceiling /api/ping", "/api/ping", "zh-hans")]
        for index, (label, path) in enumerate(plan, start=1):
            for lang in LANGUAGES:
                measure(label, path, lang)
            if index % args.ceiling_every == 0 and index < len(plan):
                ceilings.append(measure("ceiling /api/ping", "/api/ping", LANGUAGES[index % 2]))
        ceilings.append(measure("ceiling /api/ping", "/api/ping", "en"))
        # each target's own reference: the ceiling runs just before and just after it
        last_ceiling = None
        for position, row in enumerate(rows):
            if row["label"].startswith("ceiling"):
                last_ceiling = row
                continue
            after = next(r for r in rows[position:] if r["label"].startswith("ceiling"))
            row["local_ceiling"] = (last_ceiling["rps"] + after["rps"]) / 2
    finally:
        stop(gunicorn)
        os.unlink(script)

    ceiling = sum(row["rps"] for row in ceilings) / len(ceilings)
    print(f"\nceiling (mean of {len(ceilings)} /api/ping runs spread over the run): {ceiling:.1f} req/s "
          f"(min {min(r['rps'] for r in ceilings):.1f}, max {max(r['rps'] for r in ceilings):.1f})\n")
    print("ratio: to the ceiling runs just before and after the target (the machine's background load drifts);")
    print("ratio (run): to the mean ceiling of the whole run\n")
    print("| target | language | req/s | p50 ms | p99 ms | non-2xx | ceiling around | ratio | ratio (run) | goal | met |")
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    verdicts = []
    for row in rows:
        is_ceiling = row["label"].startswith("ceiling")
        goal = None if is_ceiling else (0.75 if row["label"] == "nearby-api" else 0.50)
        local = row.get("local_ceiling", ceiling)
        ratio = row["rps"] / local
        met = "" if goal is None else ("yes" if ratio >= goal and row["non2xx"] == 0 and not row["errors"] else "NO")
        if goal is not None:
            verdicts.append(met == "yes")
        label = row["label"] if row["path"] in ("NEARBY", row["label"]) or is_ceiling else f"{row['label']} `{row['path']}`"
        errors = f" (+{row['errors']} socket errors)" if row["errors"] else ""
        print(f"| {label} | {row['lang']} | {row['rps']:.1f} | {row['p50']:.1f} | {row['p99']:.1f} | "
              f"{row['non2xx']}{errors} | "
              f"{'' if is_ceiling else f'{local:.1f}'} | {'' if is_ceiling else f'{ratio:.2f}'} | "
              f"{row['rps'] / ceiling:.2f} | {'' if goal is None else f'≥ {goal:.2f}'} | {met} |")
    print(f"\n{sum(verdicts)} of {len(verdicts)} targets met ({load_average()})")
    if args.json:
        Path(args.json).write_text(json.dumps({"ceiling": ceiling, "rows": rows}, indent=1))


if __name__ == "__main__":
    main()
