"""A station's "a pile is free now", kept where the lists read it (issue 21).

A station is free now when one of its charge points was reported available within
:func:`~apps.charging.models.status_max_age`, that is when the newest "available" report among
its charge points is that fresh. That newest report time is stored on the station's facility row
(``Facility.free_reported_at``, null when no charge point is reported available), which is in
the lists' indexes: ``available=true`` / ``false`` compare it with the freshness limit there,
so a list reads no charge point for a station it passes over. Before, each station read cost a
probe of its charge points: 18-28 ms for ``available=false`` in a sub-district at 1M facilities
on SQLite, where most stations have a free pile and the list passes over them.

Nothing has to run as reports age: the comparison is made at each request. The stored time
changes only with the charge points, and the database keeps it: triggers on the charge point
table (:func:`install_triggers`) recompute a station's time on every insert, delete and change
of a charge point's station, status or report time, whoever writes it (the operators' status
reports, the admin, imports, bulk inserts and ``update()``, raw SQL), and on every write of the
time itself (a station's save writes back what it read). They are installed by
migration charging 0008 and again after every ``migrate`` (a test database built from the
models has no migrations run)."""

from contextlib import contextmanager, suppress

from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections

from .models import KIND, ChargePointStatus

# The newest "available" report of a station's charge points (the station's id: {station})
NEWEST = ("SELECT MAX(status_reported_at) FROM charging_chargepoint "  # noqa: S608 - constants only
          "WHERE station_id = {station} AND status = '" + ChargePointStatus.AVAILABLE.value + "'")


def _refresh(station: str, vendor: str, rows: str = "") -> str:
    """UPDATE of the rows (``rows``, default the station's) writing their newest free report,
    only where it differs (no row version written for nothing on PostgreSQL)."""
    newest = NEWEST.format(station=station)
    differs = "IS NOT" if vendor == "sqlite" else "IS DISTINCT FROM"
    return (f"UPDATE places_facility SET free_reported_at = ({newest}) "  # noqa: S608 - constants only
            f"WHERE {rows or 'id = ' + station} AND free_reported_at {differs} ({newest});")


_WATCHED = "station_id, status, status_reported_at"
# PL/pgSQL keeps a function's query plans for the session: planned while the charge point
# table was empty (a new database, a bulk load), the newest-report query kept a scan of the
# whole table, whatever its size later: generate_facilities at 1M inserted 300,000 stations
# each scanning the charge points written so far, and had not finished after 15 minutes.
# Planned at each call, it reads the (station, status, time) index once the table has rows.
_PLANNED_EACH_TIME = "SET plan_cache_mode = force_custom_plan"
LOADING = "charging.loading"  # PostgreSQL: the charge point trigger does nothing where this is 'on'
_POINT_TRIGGERS = ("charging_free_on_insert", "charging_free_on_update", "charging_free_on_delete")  # SQLite


def trigger_sql(vendor: str) -> list[str]:
    """The statements that (re)create the triggers, for SQLite or PostgreSQL: on the charge
    points (a station's time follows its charge points) and on the stations' facility rows (a
    save of a station writes back the time it read, maybe before a report since: the time is
    computed again then; SQLite's triggers do not start themselves again by default, and a
    PostgreSQL BEFORE trigger sets the value written)."""
    if vendor == "postgresql":
        return [
            f"""CREATE OR REPLACE FUNCTION charging_free_reported_at() RETURNS trigger LANGUAGE plpgsql
            {_PLANNED_EACH_TIME} AS $$
            BEGIN
                IF current_setting('{LOADING}', true) = 'on' THEN RETURN NULL;  -- see loading()
                END IF;
                IF TG_OP <> 'DELETE' THEN {_refresh('NEW.station_id', vendor)}
                END IF;
                IF TG_OP = 'DELETE' OR OLD.station_id <> NEW.station_id THEN {_refresh('OLD.station_id', vendor)}
                END IF;
                RETURN NULL;
            END $$""",
            f"""CREATE OR REPLACE TRIGGER charging_free_reported_at
                AFTER INSERT OR DELETE OR UPDATE OF {_WATCHED} ON charging_chargepoint
                FOR EACH ROW EXECUTE FUNCTION charging_free_reported_at()""",
            f"""CREATE OR REPLACE FUNCTION charging_free_kept() RETURNS trigger LANGUAGE plpgsql
            {_PLANNED_EACH_TIME} AS $$
            BEGIN
                NEW.free_reported_at := ({NEWEST.format(station='NEW.id')});
                RETURN NEW;
            END $$""",
            f"""CREATE OR REPLACE TRIGGER charging_free_kept
                BEFORE INSERT OR UPDATE OF free_reported_at ON places_facility
                FOR EACH ROW WHEN (NEW.kind = '{KIND}') EXECUTE FUNCTION charging_free_kept()""",
        ]
    return [
        *(f"DROP TRIGGER IF EXISTS {name}" for name in _POINT_TRIGGERS),
        f"""CREATE TRIGGER charging_free_on_insert AFTER INSERT ON charging_chargepoint
            BEGIN {_refresh('NEW.station_id', vendor)} END""",
        f"""CREATE TRIGGER charging_free_on_update AFTER UPDATE OF {_WATCHED} ON charging_chargepoint
            BEGIN {_refresh('NEW.station_id', vendor)} {_refresh('OLD.station_id', vendor)} END""",
        f"""CREATE TRIGGER charging_free_on_delete AFTER DELETE ON charging_chargepoint
            BEGIN {_refresh('OLD.station_id', vendor)} END""",
        "DROP TRIGGER IF EXISTS charging_free_kept_on_insert",
        "DROP TRIGGER IF EXISTS charging_free_kept_on_update",
        f"""CREATE TRIGGER charging_free_kept_on_insert AFTER INSERT ON places_facility WHEN NEW.kind = '{KIND}'
            BEGIN {_refresh('NEW.id', vendor)} END""",
        f"""CREATE TRIGGER charging_free_kept_on_update AFTER UPDATE OF free_reported_at ON places_facility
            WHEN NEW.kind = '{KIND}' BEGIN {_refresh('NEW.id', vendor)} END""",
    ]


def install_triggers(connection) -> None:
    with connection.cursor() as cursor:
        for statement in trigger_sql(connection.vendor):
            cursor.execute(statement)


def remove_triggers(connection) -> None:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("DROP TRIGGER IF EXISTS charging_free_reported_at ON charging_chargepoint")
            cursor.execute("DROP TRIGGER IF EXISTS charging_free_kept ON places_facility")
        else:
            for statement in trigger_sql(connection.vendor):
                if statement.startswith("DROP TRIGGER"):
                    cursor.execute(statement)


def install_after_migrate(sender, using=DEFAULT_DB_ALIAS, **kwargs) -> None:
    install_triggers(connections[using])


def refresh(*, using: str = DEFAULT_DB_ALIAS, ids: tuple[int, int] | None = None) -> int:
    """Recomputes every station's ``free_reported_at`` (what the triggers keep; for a database
    whose rows were written while they were missing), or only those with ids in the range
    ``ids`` (first, last). Returns how many changed."""
    connection = connections[using]
    rows, params = f"kind = '{KIND}'", []
    if ids is not None:
        rows, params = rows + " AND id BETWEEN %s AND %s", list(ids)
    with connection.cursor() as cursor:
        cursor.execute(_refresh("places_facility.id", connection.vendor, rows=rows), params)
        return cursor.rowcount


def _skip_point_triggers(connection, skip: bool) -> None:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT set_config(%s, %s, true)", [LOADING, "on" if skip else "off"])
        elif skip:
            for name in _POINT_TRIGGERS:
                cursor.execute(f"DROP TRIGGER IF EXISTS {name}")
        else:
            install_triggers(connection)


@contextmanager
def loading(connection, ids: tuple[int, int]):
    """For writing the charge points of new stations in bulk (``generate_facilities``): what
    the block writes to the charge points fires no trigger, and the stations with ids in the
    range ``ids`` (first, last) get their time computed once afterwards. Each charge point
    written otherwise rewrote its station's row: on PostgreSQL a new row version and an entry
    in each of the table's indexes, 1.2M times for 1M facilities. Only inside a transaction:
    on PostgreSQL the trigger is skipped by a setting local to it (other transactions' writes
    still fire it; nothing is locked), on SQLite (one writer at a time) the charge point
    triggers are dropped and created again within it. Where the block fails, the triggers are
    back for whatever the transaction goes on to write."""
    if not connection.in_atomic_block:
        raise RuntimeError("live.loading() needs a transaction (transaction.atomic)")
    _skip_point_triggers(connection, True)
    try:
        yield
    except BaseException:
        with suppress(DatabaseError):  # (a failed PostgreSQL transaction undoes the setting itself)
            _skip_point_triggers(connection, False)
        raise
    _skip_point_triggers(connection, False)
    refresh(using=connection.alias, ids=ids)
