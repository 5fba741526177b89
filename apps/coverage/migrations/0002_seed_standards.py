from django.db import migrations

# The reach that counts as served, per kind, from 2024: the 15-minute living circle's
# walking distances (park 500 m, senior canteen and charging station 1,000 m).
DEFAULTS = [
    ("canteen", 1000, "Senior canteen within a 1,000 m walk (15-minute living circle)."),
    ("charging", 1000, "Charging station within 1,000 m."),
    ("park", 500, "Park within 500 m (park service radius)."),
]


def seed(apps, schema_editor):
    ServiceStandard = apps.get_model("coverage", "ServiceStandard")
    for kind, reach_m, note in DEFAULTS:
        ServiceStandard.objects.get_or_create(
            kind=kind, applies_from=2024, defaults={"reach_m": reach_m, "note": note}
        )


def unseed(apps, schema_editor):
    ServiceStandard = apps.get_model("coverage", "ServiceStandard")
    for kind, reach_m, _note in DEFAULTS:
        ServiceStandard.objects.filter(kind=kind, applies_from=2024, reach_m=reach_m).delete()


class Migration(migrations.Migration):
    dependencies = [("coverage", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]
