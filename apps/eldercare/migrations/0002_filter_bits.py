from django.db import migrations

from apps.places import filter_bits


class Migration(migrations.Migration):
    # the facilities' filter bits of this kind (apps.places.filter_bits), computed once

    dependencies = [
        ("eldercare", "0001_initial"),
        ("places", "0009_filter_bits"),
    ]

    operations = [filter_bits.refresh_migration("eldercare")]
