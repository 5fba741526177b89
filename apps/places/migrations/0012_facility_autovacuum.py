from django.db import migrations

# PostgreSQL's autovacuum for the facility table, sooner than its default (a fifth of the rows
# changed). The minute job rewrites a facility's stored open-now state at each of its opening
# and closing times (apps.places.open_state): at 1M facilities, 2-4M row updates a day. An
# updated row's page is no longer "all visible", and the lists' and nearby's index-only scans
# then read the table for every entry on such a page until a vacuum marks it again: with the
# default, a vacuum every ~200,000 updates, when about 60 % of the pages are; measured at 1M
# (bench/lists.py), a parks list p95 of 50 ms after 300,000 updates (three pages in four), 18 ms
# vacuumed. At 1 % (10,000 updates at 1M; a vacuum of them took 0.3 s there), ~5 % of the
# pages at most wait. (No effect where autovacuum is off, as on the CI machine's server.)
SETTINGS = "autovacuum_vacuum_scale_factor = 0.01, autovacuum_vacuum_threshold = 1000"


def _alter(statement):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(statement)
    return run


class Migration(migrations.Migration):

    dependencies = [("places", "0011_facility_kind_filter_bits")]

    operations = [
        migrations.RunPython(
            _alter(f"ALTER TABLE places_facility SET ({SETTINGS})"),
            _alter("ALTER TABLE places_facility RESET (autovacuum_vacuum_scale_factor, autovacuum_vacuum_threshold)"),
        ),
    ]
