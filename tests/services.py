"""Which real services this machine has, for tests marked ``postgres``, ``postgis``,
``redis``, ``worker``, ``browser`` or ``nginx``.

Without the service such a test is skipped with the reason. CI sets
``PORTAL_REQUIRE_SERVICES`` (a comma list, or ``all``) to turn those skips into failures.
"""

import functools
import os
import shutil

from django.conf import settings
from django.db import connection

SERVICE_MARKERS = ("postgres", "postgis", "redis", "worker", "browser", "nginx")


@functools.cache
def redis_reachable() -> bool:
    if not settings.REDIS_URL:
        return False
    import redis

    try:
        redis.Redis.from_url(settings.REDIS_URL, socket_connect_timeout=1).ping()
    except redis.RedisError:
        return False
    return True


def postgis_available() -> bool:
    if connection.vendor != "postgresql":
        return False
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_available_extensions WHERE name = 'postgis'")
        return cursor.fetchone() is not None


@functools.cache
def chromium_path() -> str | None:
    path = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
    return path if os.path.exists(path) else None


def missing_reason(marker: str) -> str | None:
    """Why a test with this marker cannot run here, or ``None`` when it can."""
    if marker == "postgres" and connection.vendor != "postgresql":
        return "needs PostgreSQL: set DATABASE_URL=postgres://..."
    if marker == "postgis" and (connection.vendor != "postgresql" or not postgis_available()):
        return "needs PostgreSQL with PostGIS (Debian: postgresql-15-postgis-3)"
    if marker in ("redis", "worker") and not redis_reachable():
        return "needs a reachable Redis: set REDIS_URL=redis://127.0.0.1:6379/0"
    if marker == "browser":
        if chromium_path() is None:
            return "needs Chromium at /usr/bin/chromium (Debian: apt-get install chromium)"
        try:
            import playwright  # noqa: F401
        except ImportError:
            return "needs the playwright Python package"
    if marker == "nginx" and not (shutil.which("nginx") or os.path.exists("/usr/sbin/nginx")):
        return "needs nginx (Debian: apt-get install nginx)"
    return None


def required_services() -> set[str]:
    value = os.environ.get("PORTAL_REQUIRE_SERVICES", "")
    if value.strip() == "all":
        return set(SERVICE_MARKERS)
    return {part.strip() for part in value.split(",") if part.strip()}
