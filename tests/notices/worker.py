"""A real Celery worker (``celery -A portal worker``) and a private redis-server for the
notices tests. Everything here polls a condition with a generous timeout; nothing asserts
on time."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Callable
from contextlib import contextmanager
from pathlib import Path

import pytest
from django.db import connection

from portal.celery import app as celery_app

REPO = Path(__file__).resolve().parents[2]


def wait_until(condition: Callable[[], object], *, timeout: float = 90, interval: float = 0.1,
               what: str = "condition"):
    """Poll ``condition`` until it returns something truthy; fail after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(interval)


@contextmanager
def broker(url: str):
    """Point this process's Celery app (publishing, control) at another broker."""

    def reset():  # drop references only: kombu keeps one pool per URL, shared, reusable
        celery_app._pool = None
        if "amqp" in celery_app.__dict__:
            celery_app.__dict__["amqp"]._producer_pool = None

    previous = celery_app.conf.broker_url
    reset()
    celery_app.conf.broker_url = url
    try:
        yield
    finally:
        reset()
        celery_app.conf.broker_url = previous


def database_url() -> str:
    db = connection.settings_dict
    user = db.get("USER") or "postgres"
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    host = db.get("HOST") or "127.0.0.1"
    port = db.get("PORT") or 5432
    return f"postgres://{user}{password}@{host}:{port}/{db['NAME']}"


def purge(url: str) -> None:
    """Empty the default queue and the unacknowledged set on this broker (left behind by a
    worker killed in an earlier run)."""
    import redis

    client = redis.Redis.from_url(url)
    client.delete("celery", "unacked", "unacked_index", "unacked_mutex")
    client.close()


class Worker:
    def __init__(self, *, broker_url: str, env: dict[str, str], log_path: Path):
        self.broker_url = broker_url
        self.env = env
        self.log_path = log_path
        self.proc: subprocess.Popen | None = None
        self.name = ""

    def start(self, *, timeout: float = 90) -> Worker:
        self.name = f"notices-test-{uuid.uuid4().hex[:8]}@{socket.gethostname()}"
        log = self.log_path.open("ab")
        self.proc = subprocess.Popen(
            [
                sys.executable, "-m", "celery", "-A", "portal", "worker", "-P", "solo", "-n", self.name,
                "--without-heartbeat", "--without-gossip", "--without-mingle", "--loglevel", "INFO",
            ],
            cwd=REPO, env=self.env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
        )
        log.close()
        try:
            wait_until(self.ready, timeout=timeout, interval=0.25, what=f"worker {self.name} to answer ping")
        except AssertionError as exc:
            self.kill()
            raise AssertionError(f"{exc} ({getattr(self, 'last_ping_error', '')})\n--- worker log ---\n{self.log_tail()}") from None
        return self

    def ready(self) -> bool:
        if self.proc.poll() is not None:
            raise AssertionError(f"worker exited with {self.proc.returncode}:\n{self.log_tail()}")
        with broker(self.broker_url):
            try:
                replies = celery_app.control.ping(destination=[self.name], timeout=0.5)
            except Exception as exc:  # noqa: BLE001 - broker not reachable yet
                self.last_ping_error = repr(exc)
                return False
        return any(self.name in reply for reply in replies)

    def kill(self) -> None:
        """SIGKILL, no warning: the worker and anything it started."""
        if self.proc and self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait(timeout=30)

    def log_tail(self, lines: int = 60) -> str:
        if not self.log_path.exists():
            return ""
        return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])


@pytest.fixture
def celery_worker_factory(transactional_db, tmp_path, settings):
    """Start real workers: ``start(broker_url=None, **env)``; all are killed at teardown
    (before the test database is flushed)."""
    if connection.vendor != "postgresql":
        pytest.skip("a real worker needs the test database on PostgreSQL (DATABASE_URL=postgres://...)")
    workers: list[Worker] = []
    email_dir = tmp_path / "email"
    email_dir.mkdir()
    settings.EMAIL_FILE_PATH = str(email_dir)

    def start(*, broker_url: str | None = None, **extra_env: str) -> Worker:
        url = broker_url or settings.CELERY_BROKER_URL
        env = dict(os.environ)
        env.update(
            DJANGO_SETTINGS_MODULE="tests.notices.worker_settings",
            DATABASE_URL=database_url(),
            REDIS_URL=url,
            DJANGO_DEBUG="0",
            DJANGO_SECRET_KEY=os.environ.get("DJANGO_SECRET_KEY", "test-only-secret-key"),
            DJANGO_CONN_MAX_AGE="0",
            EMAIL_BACKEND="django.core.mail.backends.filebased.EmailBackend",
            EMAIL_FILE_PATH=str(email_dir),
            SMS_BACKEND=settings.SMS_BACKEND,
            SMS_FILE_PATH=str(settings.SMS_FILE_PATH),
            PORTAL_BASE_URL=settings.PORTAL_BASE_URL,
            PYTHONUNBUFFERED="1",
        )
        env.update(extra_env)
        if not workers and broker_url is None:
            purge(url)
        worker = Worker(broker_url=url, env=env, log_path=tmp_path / f"worker-{len(workers)}.log")
        workers.append(worker)
        return worker.start()

    start.email_dir = email_dir
    start.workers = workers
    yield start
    for worker in workers:
        worker.kill()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class RedisServer:
    """Our own redis-server on a free port (never the shared one on 6379)."""

    def __init__(self, workdir: Path):
        self.port = free_port()
        self.workdir = workdir
        self.proc: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> RedisServer:
        self.proc = subprocess.Popen(
            [
                shutil.which("redis-server"), "--port", str(self.port), "--bind", "127.0.0.1",
                "--save", "", "--appendonly", "no", "--dir", str(self.workdir),
            ],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
        )
        wait_until(self.up, timeout=30, what=f"redis-server on port {self.port}")
        return self

    def up(self) -> bool:
        import redis

        try:
            return bool(redis.Redis(port=self.port, socket_connect_timeout=0.5).ping())
        except redis.RedisError:
            return False

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            self.proc.wait(timeout=30)
        wait_until(lambda: not self.up(), timeout=30, what="redis-server to stop")


@pytest.fixture
def private_redis(tmp_path):
    if shutil.which("redis-server") is None:
        pytest.skip("needs redis-server on PATH (Debian: apt-get install redis-server)")
    server = RedisServer(tmp_path)
    yield server
    if server.proc and server.proc.poll() is None:
        server.proc.kill()
        server.proc.wait(timeout=30)


def emails_in(folder: Path) -> list:
    """Every message the file email backend wrote, parsed."""
    import email

    messages = []
    for path in sorted(folder.iterdir()):
        for chunk in path.read_bytes().split(b"\n" + b"-" * 79 + b"\n"):
            if chunk.strip():
                messages.append(email.message_from_bytes(chunk.strip(b"\n")))
    return messages


