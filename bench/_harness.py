"""What the benchmarks that build a database of their own share (``bench/lists.py``,
``bench/reports.py``): where the database is (a SQLite file in $TMPDIR, or a PostgreSQL database
at PG_URL, default postgres://postgres@127.0.0.1:5432/), the environment and the start of
their worker processes (cache bypassed: ``bench.nocache_settings``), a fresh database for a
build, a quiet command for the seeders, and the figures (load average, median and p95).

A script imports it as ``_harness`` (run as ``.venv/bin/python bench/<script>.py``, the
script's folder is first on ``sys.path``)."""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PG_URL = os.environ.get("PG_URL", "postgres://postgres@127.0.0.1:5432/")


def database_url(name: str, backend: str, size: int) -> str:
    """The database of benchmark ``name`` at ``size``: ``bench_<name>_<size>``; on PostgreSQL,
    ``BENCH_<NAME>_DB`` names another database (the server is shared by several people)."""
    if backend == "sqlite":
        return f"sqlite:///{Path(tempfile.gettempdir()) / f'bench_{name}_{size}.sqlite3'}"
    return PG_URL.rstrip("/") + "/" + os.environ.get(f"BENCH_{name.upper()}_DB", f"bench_{name}_{size}")


def worker_env(url: str, **settings: str) -> dict:
    """This process's environment for a worker on the database at ``url``, with the script's
    own ``settings`` (environment variables) added; no Redis."""
    env = dict(os.environ)
    env.update({
        "DATABASE_URL": url,
        "DJANGO_SETTINGS_MODULE": "bench.nocache_settings",
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": "bench-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz",
        "DJANGO_SECURE_SSL_REDIRECT": "0",
        "DJANGO_LOG_LEVEL": "ERROR",
        **settings,
        "PYTHONPATH": str(ROOT),
    })
    env.pop("REDIS_URL", None)
    return env


def fresh_database(url: str, backend: str) -> None:
    """Removes the database at ``url`` (SQLite: the file and its journal; PostgreSQL: drops and
    creates it again, empty)."""
    if backend == "sqlite":
        path = Path(url.removeprefix("sqlite:///"))
        for suffix in ("", "-wal", "-shm"):
            Path(str(path) + suffix).unlink(missing_ok=True)
    else:
        admin = PG_URL.rstrip("/") + "/postgres"
        name = url.rsplit("/", 1)[1]
        subprocess.run(["psql", admin, "-qc", f"DROP DATABASE IF EXISTS {name}"], check=True)
        subprocess.run(["psql", admin, "-qc", f"CREATE DATABASE {name}"], check=True)


def warm_database(url: str, backend: str) -> str:
    """Reads the database's files once into the operating system's cache, as on a server that
    has been answering for a while (the first request of a fresh benchmark database otherwise
    waits for the disk: 100-300 ms at 1M). Returns what was done, for the figures' header."""
    if backend == "sqlite":
        path = Path(url.removeprefix("sqlite:///"))
        with path.open("rb") as database:
            while database.read(1 << 24):
                pass
        return f"SQLite file read into the OS cache ({path.stat().st_size / 1e9:.1f} GB)"
    name = url.rsplit("/", 1)[1]
    sql = ("CREATE EXTENSION IF NOT EXISTS pg_prewarm; "
           "SELECT count(pg_prewarm(c.oid::regclass, 'read')) FROM pg_class c "
           "JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public' AND c.relkind IN ('r', 'i')")
    done = subprocess.run(["psql", PG_URL.rstrip("/") + "/" + name, "-qAtc", sql], capture_output=True, text=True)
    return ("PostgreSQL tables and indexes read into the OS cache (pg_prewarm)" if done.returncode == 0
            else f"not warmed ({done.stderr.strip()[:80]})")


def run_worker(script: str, command: str, args, env: dict, *options: str) -> None:
    """Runs ``script``'s ``command`` (``build-worker``, ``measure-worker``) in a process of its
    own with ``env``, for the same backend and size, plus ``options``."""
    subprocess.run([sys.executable, script, command, "--backend", args.backend, "--size", str(args.size), *options],
                   cwd=ROOT, env=env, check=True)


class QuietCommand:
    """Stands for the management command the seeders (``seed.run(command)``) write to."""

    stdout = type("W", (), {"write": staticmethod(lambda s: None)})()
    style = type("S", (), {"SUCCESS": staticmethod(lambda s: s), "WARNING": staticmethod(lambda s: s)})()


def load() -> str:
    return "load {:.1f} {:.1f} {:.1f}".format(*os.getloadavg())


def summary(samples: list[float]) -> tuple[float, float]:
    """Median and p95 of ``samples`` (seconds), in milliseconds."""
    ms = sorted(s * 1000 for s in samples)
    return statistics.median(ms), ms[min(len(ms) - 1, round(0.95 * (len(ms) - 1)))]
