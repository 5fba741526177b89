"""The triggers that keep each charging station's ``Facility.free_reported_at`` (the newest
report among its charge points reported available; apps.charging.live), and that time for every
station there is. Runs today's trigger SQL (installed again after every ``migrate``: a change
to it needs no migration)."""

from django.db import migrations


def install_and_fill(apps, schema_editor):
    from apps.charging import live

    connection = schema_editor.connection
    live.install_triggers(connection)
    if live.refresh(using=connection.alias):
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE places_facility")


def remove(apps, schema_editor):
    from apps.charging import live

    live.remove_triggers(schema_editor.connection)


class Migration(migrations.Migration):

    dependencies = [
        ("charging", "0007_power_tier_bits"),
        ("places", "0014_facility_free_reported_at"),
    ]

    operations = [
        migrations.RunPython(install_and_fill, remove, elidable=True),
    ]
