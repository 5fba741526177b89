"""The PostGIS side of nearby search, outside the ORM (no GDAL needed in Python).

When the PostgreSQL server offers the ``postgis`` extension, ``ensure_postgis()`` (run after
every ``migrate``, including pytest's ``--no-migrations`` table creation) makes sure that:

- the extension exists (``CREATE EXTENSION IF NOT EXISTS postgis``);
- ``places_facility.geog`` is a ``geography(Point, 4326)`` column GENERATED from lat/lon, so the
  database keeps it in step with every write, bulk or not;
- a GiST index on it, partial on published, not-deleted rows (what nearby search reads).

Everything is idempotent. ``has_geog()`` tells the nearby selector to take the KNN path.
"""

from __future__ import annotations

import logging

from django.db import DEFAULT_DB_ALIAS, connections

logger = logging.getLogger(__name__)

TABLE = "places_facility"
INDEX = "facility_geog_published_gist"
_cache: dict[tuple[str, str], bool] = {}


def _key(connection) -> tuple[str, str]:
    return connection.alias, str(connection.settings_dict.get("NAME"))


def postgis_available(connection) -> bool:
    if connection.vendor != "postgresql":
        return False
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_available_extensions WHERE name = 'postgis'")
        return cursor.fetchone() is not None


def has_geog(connection=None) -> bool:
    """Does this database have the generated geography column (cached per database)?"""
    connection = connection or connections[DEFAULT_DB_ALIAS]
    if connection.vendor != "postgresql":
        return False
    key = _key(connection)
    if key not in _cache:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT 1 FROM information_schema.columns WHERE table_name = %s AND column_name = 'geog'"
                " AND table_schema = current_schema()",
                [TABLE],
            )
            _cache[key] = cursor.fetchone() is not None
    return _cache[key]


def ensure_postgis(connection=None) -> bool:
    """Create what the PostGIS path needs when the server offers PostGIS. Returns whether the
    geography column is in place."""
    connection = connection or connections[DEFAULT_DB_ALIAS]
    if not postgis_available(connection):
        return False
    _cache.pop(_key(connection), None)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT 1 FROM information_schema.tables WHERE table_name = %s AND table_schema = current_schema()",
            [TABLE],
        )
        if cursor.fetchone() is None:
            return False
        cursor.execute("SELECT 1 FROM pg_extension WHERE extname = 'postgis'")
        if cursor.fetchone() is None:
            try:
                cursor.execute("CREATE EXTENSION IF NOT EXISTS postgis")
            except Exception:  # noqa: BLE001 - no privilege: stay on the portable path
                logger.warning("PostGIS is available but could not be enabled; using the portable path")
                return False
        cursor.execute(
            f"ALTER TABLE {TABLE} ADD COLUMN IF NOT EXISTS geog geography(Point, 4326) "
            "GENERATED ALWAYS AS (ST_SetSRID(ST_MakePoint(lon, lat), 4326)::geography) STORED"
        )
        cursor.execute(
            f"CREATE INDEX IF NOT EXISTS {INDEX} ON {TABLE} USING gist (geog) "
            "WHERE status = 'published' AND deleted_at IS NULL"
        )
    return has_geog(connection)


def ensure_postgis_after_migrate(sender, using=DEFAULT_DB_ALIAS, **kwargs) -> None:
    ensure_postgis(connections[using])
