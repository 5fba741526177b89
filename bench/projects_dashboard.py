"""How the dashboard and the project pages scale with the number of facilities.

    .venv/bin/python bench/projects_dashboard.py                     # SQLite, 10k and 100k facilities
    .venv/bin/python bench/projects_dashboard.py --db postgres [--url postgres://...]
    .venv/bin/python bench/projects_dashboard.py --sizes 1000,10000  # quicker

Creates a throwaway database, migrates, loads the places and projects seeds (the real 2024
list), grows the facility table with ``generate_facilities`` and times, at each size (median
of --repeat runs): ``selectors.dashboard_figures(2024)`` (the function a cache would wrap),
the whole ``/`` page, ``/projects/``, ``/api/v1/projects/?page_size=100`` and the charging
project's page; with the number of SQL queries of each (which must not grow).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def _configure(db: str, url: str | None) -> None:
    if db == "sqlite":
        path = Path(tempfile.gettempdir()) / "portal_projects_bench.sqlite3"
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        url = f"sqlite:///{path}"
    else:
        url = url or "postgres://postgres@127.0.0.1:5432/portal_projects_bench"
        import psycopg

        name = url.rsplit("/", 1)[1]
        with psycopg.connect(url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            conn.execute(f'CREATE DATABASE "{name}"')
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SECRET_KEY", "bench-only-secret-key-0123456789-abcdefghijklmnop")
    os.environ["DJANGO_DEBUG"] = "0"
    os.environ.setdefault("DJANGO_SECURE_SSL_REDIRECT", "0")
    os.environ.setdefault("DJANGO_STATIC_MANIFEST", "0")
    os.environ.setdefault("DJANGO_LOG_LEVEL", "WARNING")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
    import django

    django.setup()


class _Command:
    def __init__(self):
        import io

        from django.core.management.base import OutputWrapper

        self.stdout = OutputWrapper(io.StringIO())
        self.demo_accounts = []


def _measure(fn, repeat: int) -> tuple[float, int]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    fn()  # warm up
    times = []
    for _ in range(repeat):
        with CaptureQueriesContext(connection) as ctx:
            started = time.perf_counter()
            fn()
            times.append(time.perf_counter() - started)
    return statistics.median(times) * 1000, len(ctx.captured_queries)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--url")
    parser.add_argument("--sizes", default="10000,100000")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    _configure(args.db, args.url)

    from django.conf import settings
    from django.core.cache import cache
    from django.core.management import call_command
    from django.test import Client

    from apps.places import seed as places_seed
    from apps.places.models import Facility
    from apps.projects import seed as projects_seed
    from apps.projects import selectors
    from apps.projects.models import Project

    settings.ALLOWED_HOSTS = ["*"]
    call_command("migrate", verbosity=0)
    places_seed.run(_Command())
    call_command("generate_facilities", count=200, seed=1, kind="charging", verbosity=0)
    projects_seed.run(_Command())
    charging = Project.objects.get(code="2024-07")
    client = Client()

    cases = {
        "dashboard_figures(2024)": lambda: selectors.dashboard_figures(2024),
        "GET /": lambda: client.get("/"),
        "GET /projects/": lambda: client.get("/projects/"),
        "GET /api/v1/projects/?page_size=100": lambda: client.get("/api/v1/projects/?page_size=100"),
        f"GET /projects/{charging.pk}/ (200 facilities)": lambda: client.get(f"/projects/{charging.pk}/"),
    }
    print(f"database: {args.db}; {Project.objects.count()} projects")
    previous: dict[str, float] = {}
    for size in [int(s) for s in args.sizes.split(",")]:
        have = Facility.objects.count()
        if have < size:
            call_command("generate_facilities", count=size - have, seed=size, verbosity=0)
        print(f"\n{Facility.objects.count():>9,} facilities")
        for name, fn in cases.items():
            cache.clear()
            ms, queries = _measure(fn, args.repeat)
            ratio = f"  x{ms / previous[name]:.2f} vs previous size" if name in previous else ""
            print(f"  {name:<48} {ms:8.1f} ms  {queries:3d} queries{ratio}")
            previous[name] = ms


if __name__ == "__main__":
    main()
