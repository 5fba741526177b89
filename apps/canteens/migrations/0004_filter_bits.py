from django.db import migrations

from apps.places import filter_bits


class Migration(migrations.Migration):
    # the facilities' filter bits of this kind (apps.places.filter_bits), computed once

    dependencies = [
        ("canteens", "0003_kind_from_registry"),
        ("places", "0009_filter_bits"),
    ]

    operations = [filter_bits.refresh_migration("canteen")]
