"""Issue 16: notice preferences belong to ``notices``, the one outlet for notices. Their model
leaves ``accounts`` here with its rows: the table is only renamed (to
``notices_notificationpreference``, the name the model has in ``notices``), and
``notices`` 0004 takes the model over in the migration state. Backwards the table gets its
old name again."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0004_rate_counter'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[
                migrations.AlterModelTable(name='NotificationPreference', table='notices_notificationpreference'),
            ],
            state_operations=[
                migrations.DeleteModel(name='NotificationPreference'),
            ],
        ),
    ]
