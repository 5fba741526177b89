"""Liveness of the parts the portal needs: the database and (when configured) the broker."""

import redis
from django.conf import settings
from django.db import connection


def database_ok() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:  # noqa: BLE001 - any failure means "not ok"; the caller reports it
        return False
    return True


def broker_status() -> str:
    """``"eager"`` without a broker, else ``"ok"`` or ``"unavailable"``."""
    if not settings.REDIS_URL:
        return "eager"
    try:
        client = redis.Redis.from_url(
            settings.REDIS_URL, socket_connect_timeout=1, socket_timeout=1
        )
        client.ping()
    except redis.RedisError:
        return "unavailable"
    return "ok"
