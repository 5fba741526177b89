"""The nginx proxy of docker-compose.yml, run for real in front of the portal (issue 18
item 10): a client cannot choose the address the portal counts it by, nor claim HTTPS.

deploy/nginx.conf is used as it is, with only what Docker supplies replaced: the listening
port, the upstream (the live test server instead of ``web:8000``), no Docker DNS resolver and
the TLS terminator's address. The portal runs with the proxy settings docker-compose.yml gives
it (``DJANGO_NUM_PROXIES``, ``DJANGO_BEHIND_TLS_PROXY``)."""

import os
import re
import shutil
import socket
import subprocess
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

import pytest
import requests

from apps.accounts.models import SecurityEvent
from tests.security.processes import free_port

ROOT = Path(__file__).resolve().parents[2]
NOBODY = "192.0.2.1"  # TEST-NET-1: a terminator address no test connection comes from

pytestmark = pytest.mark.nginx


def compose_env(name: str) -> str:
    """The value (or default) docker-compose.yml gives the portal's ``name``."""
    text = (ROOT / "docker-compose.yml").read_text()
    match = re.search(rf"^\s+{name}: \"?(?:\$\{{{name}:-)?([^\"}}\s]+)", text, re.M)
    assert match, f"{name} not found in docker-compose.yml"
    return match.group(1)


def proxy_config(port: int, upstream: str, trusted: str) -> str:
    conf = (ROOT / "deploy" / "nginx.conf").read_text()
    for old, new in [
        ("${PORTAL_TLS_PROXY_FROM}", trusted),
        ("listen 8080;", f"listen 127.0.0.1:{port};"),
        ("set $web http://web:8000;", f"set $web {upstream};"),
    ]:
        assert old in conf, f"deploy/nginx.conf changed shape: {old!r} not found"
        conf = conf.replace(old, new)
    conf, resolvers = re.subn(r"\n\s*resolver [^;]*;", "", conf)
    assert resolvers == 1
    return conf


@contextmanager
def nginx(upstream: str, *, trusted: str = NOBODY):
    """nginx with the project's server block on a free port; yields its URL."""
    binary = shutil.which("nginx") or "/usr/sbin/nginx"
    port = free_port()
    with tempfile.TemporaryDirectory(prefix="portal-nginx-") as tmp:
        (Path(tmp) / "portal.conf").write_text(proxy_config(port, upstream, trusted))
        temp_paths = "\n".join(
            f"    {kind}_temp_path {tmp}/{kind};" for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
        )
        (Path(tmp) / "nginx.conf").write_text(
            ("user root root;\n" if os.geteuid() == 0 else "")
            + f"worker_processes 1;\ndaemon off;\npid {tmp}/nginx.pid;\nerror_log {tmp}/error.log;\n"
            + "events { worker_connections 64; }\n"
            + f"http {{\n    access_log off;\n{temp_paths}\n    include {tmp}/portal.conf;\n}}\n"
        )
        process = subprocess.Popen(
            [binary, "-p", tmp, "-e", f"{tmp}/error.log", "-c", f"{tmp}/nginx.conf"],
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        )
        try:
            deadline = time.monotonic() + 20
            while True:
                if process.poll() is not None:
                    log = Path(tmp, "error.log").read_text() if Path(tmp, "error.log").exists() else ""
                    raise RuntimeError(f"nginx exited: {process.stdout.read()}{log}")
                try:
                    socket.create_connection(("127.0.0.1", port), timeout=1).close()
                    break
                except OSError:
                    if time.monotonic() > deadline:
                        raise RuntimeError("nginx did not listen within 20 s") from None
                    time.sleep(0.05)
            yield f"http://127.0.0.1:{port}"
        finally:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


@pytest.fixture
def portal_behind_proxy(settings, live_server, transactional_db):
    """The live portal with docker-compose's proxy settings."""
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": int(compose_env("DJANGO_NUM_PROXIES"))}
    if compose_env("DJANGO_BEHIND_TLS_PROXY") == "1":
        settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    # nginx resolves a variable upstream at run time: give it an address, not a name
    return live_server.url.replace("//localhost:", "//127.0.0.1:")


def register(base: str, n: int, forwarded_for: str) -> int:
    return requests.post(
        f"{base}/api/v1/auth/register/",
        json={"username": f"proxied{n}", "password": "Correct-Horse-Battery-9"},
        headers={"X-Forwarded-For": forwarded_for}, timeout=30,
    ).status_code


def sign_in_address(base: str, user, password: str, **headers: str) -> str:
    answer = requests.post(f"{base}/api/v1/auth/token/", json={"username": user.username, "password": password},
                           headers=headers, timeout=30)
    assert answer.status_code == 200, answer.text
    return SecurityEvent.objects.filter(action="token_issued", subject_id=user.pk).latest("pk").ip


def discovered_scheme(base: str, **headers: str) -> str:
    answer = requests.get(f"{base}/open311/v2/discovery.json", headers=headers, timeout=30)
    assert answer.status_code == 200, answer.text
    return answer.json()["endpoints"][0]["url"].split(":", 1)[0]


def test_docker_compose_trusts_one_proxy():
    assert compose_env("DJANGO_NUM_PROXIES") == "1"
    assert compose_env("DJANGO_BEHIND_TLS_PROXY") == "1"


def test_compose_publishes_the_proxy_on_loopback_by_default():
    text = (ROOT / "docker-compose.yml").read_text()
    ports = re.findall(r'^\s+- "(\$\{PORTAL_BIND:-[^}]+\}):\$\{PORTAL_PORT:-8080\}:8080"', text, re.M)
    assert ports == ["${PORTAL_BIND:-127.0.0.1}"]
    # nothing else publishes a port
    assert len(re.findall(r"^\s+ports:", text, re.M)) == 1


def test_spoofed_forwarded_for_does_not_evade_the_register_throttle(portal_behind_proxy, throttle_rate):
    throttle_rate("register", "3/hour")
    with nginx(portal_behind_proxy) as proxy:
        codes = [register(proxy, n, f"198.51.100.{n}, 203.0.113.{n}") for n in range(5)]
    assert codes == [201, 201, 201, 429, 429]


def test_portal_sees_the_connection_address_and_scheme_not_the_clients_headers(
        portal_behind_proxy, user, password):
    spoofed = {"X-Forwarded-For": "203.0.113.9", "X-Forwarded-Proto": "https",
               "Forwarded": "for=203.0.113.9;proto=https", "X-Real-IP": "203.0.113.9"}
    with nginx(portal_behind_proxy) as proxy:
        assert sign_in_address(proxy, user, password, **spoofed) == "127.0.0.1"
        assert discovered_scheme(proxy, **spoofed) == "http"


def test_behind_the_tls_terminator_the_portal_sees_the_address_it_reports(
        portal_behind_proxy, user, password, throttle_rate):
    """Connections from the terminator (here 127.0.0.1) are believed, but only for the entry
    the terminator itself appended: a client's own entries before it change nothing."""
    throttle_rate("register", "3/hour")
    with nginx(portal_behind_proxy, trusted="127.0.0.1") as proxy:
        assert sign_in_address(proxy, user, password, **{
            "X-Forwarded-For": "10.9.8.7, 198.51.100.20", "X-Forwarded-Proto": "https"}) == "198.51.100.20"
        assert discovered_scheme(proxy, **{"X-Forwarded-Proto": "https"}) == "https"
        codes = [register(proxy, n, f"10.0.0.{n}, 198.51.100.30") for n in range(4)]
        assert codes == [201, 201, 201, 429]
        assert register(proxy, 9, "198.51.100.31") == 201  # another client has its own count
