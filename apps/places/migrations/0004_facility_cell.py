import django.db.models.expressions
from django.db import migrations, models

import apps.places.models


class Migration(migrations.Migration):

    dependencies = [
        ("places", "0003_facility_history"),
    ]

    operations = [
        migrations.AddField(
            model_name="facility",
            name="cell",
            field=models.GeneratedField(
                db_persist=True,
                expression=django.db.models.expressions.CombinedExpression(
                    django.db.models.expressions.CombinedExpression(
                        apps.places.models.PositiveFloor(
                            django.db.models.expressions.CombinedExpression(
                                django.db.models.expressions.CombinedExpression(
                                    models.F("lat"), "+", models.Value(90.0)
                                ),
                                "/",
                                models.Value(0.001),
                            )
                        ),
                        "*",
                        models.Value(360000),
                    ),
                    "+",
                    apps.places.models.PositiveFloor(
                        django.db.models.expressions.CombinedExpression(
                            django.db.models.expressions.CombinedExpression(
                                models.F("lon"), "+", models.Value(180.0)
                            ),
                            "/",
                            models.Value(0.001),
                        )
                    ),
                ),
                output_field=models.BigIntegerField(),
                verbose_name="grid cell",
            ),
        ),
        migrations.AddIndex(
            model_name="facility",
            index=models.Index(
                condition=models.Q(("deleted_at__isnull", True), ("status", "published")),
                fields=["cell", "lat", "lon", "kind", "id"],
                name="facility_nearby_cell",
            ),
        ),
    ]
