"""The facility table is vacuumed sooner than PostgreSQL's default (migration places 0012): its
rows change all day (the stored open-now states), and the lists read it by index-only scans.
(The test database is made without migrations: the migration's own steps are run here.)"""

from importlib import import_module

import pytest
from django.db import connection

pytestmark = pytest.mark.django_db

migration = import_module("apps.places.migrations.0012_facility_autovacuum").Migration


def _options():
    with connection.cursor() as cursor:
        cursor.execute("SELECT reloptions FROM pg_class WHERE relname = 'places_facility'")
        return cursor.fetchone()[0] or []


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's autovacuum")
def test_the_facility_table_is_vacuumed_after_one_percent_of_its_rows_changed():
    (operation,) = migration.operations
    with connection.schema_editor() as editor:
        operation.code(None, editor)
    assert {"autovacuum_vacuum_scale_factor=0.01", "autovacuum_vacuum_threshold=1000"} <= set(_options())
    with connection.schema_editor() as editor:
        operation.reverse_code(None, editor)
    assert not [o for o in _options() if o.startswith("autovacuum_vacuum_")]


def test_elsewhere_the_migration_changes_nothing():
    class Editor:  # a schema editor of another database, recording what it is asked to run
        connection = type("Connection", (), {"vendor": "sqlite"})()
        executed: list = []

        def execute(self, sql):
            self.executed.append(sql)

    (operation,) = migration.operations
    operation.code(None, Editor())
    operation.reverse_code(None, Editor())
    assert Editor.executed == []
