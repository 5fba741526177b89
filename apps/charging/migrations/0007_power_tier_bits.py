from django.db import migrations

from apps.places import filter_bits


class Migration(migrations.Migration):
    # the stations' filter bits again: the connector power tiers added (POWER_TIERS_KW)

    dependencies = [("charging", "0006_filter_bits")]

    operations = [filter_bits.refresh_migration("charging")]
