"""Issue 16: the notice preferences come over from ``accounts`` with their rows. ``accounts``
0005 renamed the table to this app's name for it; here the model enters the state without
touching the table, and its content type (so its permissions, the roles and users holding
them and the admin's history) is relabelled ``notices``."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def _relabel_content_type(apps, schema_editor, source="accounts", target="notices"):
    """The content type follows the model. On a fresh database there is none yet (Django makes
    it after migrating); if both exist (a post-migrate ran in between), the old one's
    permissions move to the new one's rows of the same codename and the old one goes."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    old = ContentType.objects.filter(app_label=source, model="notificationpreference").first()
    if old is None:
        return
    new = ContentType.objects.filter(app_label=target, model="notificationpreference").first()
    if new is None:
        old.app_label = target
        old.save(update_fields=["app_label"])
    else:
        Group = apps.get_model("auth", "Group")
        User = apps.get_model(settings.AUTH_USER_MODEL)
        for perm in Permission.objects.filter(content_type=old):
            replacement = Permission.objects.filter(content_type=new, codename=perm.codename).first()
            if replacement is None:
                perm.content_type = new
                perm.save(update_fields=["content_type"])
                continue
            for group in Group.objects.filter(permissions=perm):
                group.permissions.add(replacement)
            for user in User.objects.filter(user_permissions=perm):
                user.user_permissions.add(replacement)
        apps.get_model("admin", "LogEntry").objects.filter(content_type=old).update(content_type=new)
        old.delete()
    from django.contrib.contenttypes.models import ContentType as LiveContentType

    LiveContentType.objects.clear_cache()


def _relabel_content_type_back(apps, schema_editor):
    _relabel_content_type(apps, schema_editor, source="notices", target="accounts")


class Migration(migrations.Migration):

    dependencies = [
        ('notices', '0003_contact_verification'),
        ('accounts', '0005_move_notificationpreference_to_notices'),
        ('admin', '0003_logentry_add_action_flag_choices'),
        ('auth', '0012_alter_user_first_name_max_length'),
        ('contenttypes', '0002_remove_content_type_name'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='NotificationPreference',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('channel', models.CharField(choices=[('in_app', 'In-app'), ('email', 'Email'), ('sms', 'SMS')], max_length=10, verbose_name='channel')),
                        ('frequency', models.CharField(choices=[('immediately', 'Immediately'), ('daily', 'Daily digest'), ('weekly', 'Weekly digest'), ('off', 'Off')], default='immediately', max_length=12, verbose_name='frequency')),
                        ('user', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='notification_preferences', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'verbose_name': 'notification preference',
                        'verbose_name_plural': 'notification preferences',
                        'constraints': [models.UniqueConstraint(fields=('user', 'channel'), name='one_preference_per_channel')],
                    },
                ),
            ],
        ),
        migrations.RunPython(_relabel_content_type, _relabel_content_type_back),
    ]
