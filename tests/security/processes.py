"""Run the portal in a separate process with a clean, production-like environment."""

import os
import secrets
import socket
import subprocess
import sys
import time
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parents[2]
PYTHON = sys.executable


def production_env(**extra: str) -> dict:
    """Only what CONTRACT §2 says production needs: debug off and a real secret key."""
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": os.environ.get("HOME", "/tmp"),
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
    }
    env.update(extra)
    return env


def manage(*args: str, env: dict, timeout: int = 120) -> subprocess.CompletedProcess:
    return subprocess.run(
        [PYTHON, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout,
    )


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Server:
    """gunicorn serving portal.wsgi on a free port, as docker-compose runs it."""

    def __init__(self, env: dict):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.process = subprocess.Popen(
            [PYTHON, "-m", "gunicorn", "portal.wsgi", "-b", f"127.0.0.1:{self.port}", "-w", "1",
             "--timeout", "120", "--log-level", "warning"],
            cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        )

    def __enter__(self):
        # generous: on a busy CI machine the worker may need many seconds to import Django
        deadline = time.monotonic() + 180
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"server exited: {self.process.stdout.read()}")
            try:
                requests.get(self.url + "/healthz", timeout=120)
                return self
            except requests.ConnectionError:
                time.sleep(0.2)
        raise RuntimeError("server did not start within 180 s")

    def __exit__(self, *exc):
        self.process.terminate()
        try:
            self.output = self.process.communicate(timeout=10)[0]
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.output = self.process.communicate()[0]

    def get(self, path, **kwargs):
        return requests.get(self.url + path, timeout=60, allow_redirects=False, **kwargs)

    def post(self, path, **kwargs):
        return requests.post(self.url + path, timeout=60, allow_redirects=False, **kwargs)
