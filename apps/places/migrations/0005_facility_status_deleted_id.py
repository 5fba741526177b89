from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("places", "0004_facility_cell"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="facility",
            index=models.Index(fields=["status", "deleted_at", "id"], name="facility_status_deleted_id"),
        ),
    ]
