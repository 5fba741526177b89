"""housing_swap.Project is the new-home project (新房项目): renamed NewHomeProject so it is not
taken for projects.Project. Tables, content types and permission codenames follow; the
API and its URLs are unchanged."""

from django.conf import settings
from django.db import migrations

_RENAMES = {"project": "newhomeproject", "historicalproject": "historicalnewhomeproject"}


def _rename_permissions(apps, schema_editor, forward=True):
    """Content types are renamed by Django with the model; permission codenames are not
    (roles and users keep their rows). Runs while the content type is called by the new name
    in both directions; on a fresh database there is nothing to do yet."""
    Permission = apps.get_model("auth", "Permission")
    ContentType = apps.get_model("contenttypes", "ContentType")
    for old, new in _RENAMES.items():
        content_type = ContentType.objects.filter(app_label="housing_swap", model=new).first()
        if content_type is None:
            continue
        source, target = (old, new) if forward else (new, old)
        for action in ("add", "change", "delete", "view"):
            perms = Permission.objects.filter(content_type=content_type)
            if not perms.filter(codename=f"{action}_{target}").exists():
                perms.filter(codename=f"{action}_{source}").update(codename=f"{action}_{target}")


def _rename_permissions_back(apps, schema_editor):
    _rename_permissions(apps, schema_editor, forward=False)


class Migration(migrations.Migration):

    dependencies = [
        ('housing_swap', '0002_drop_person_constraint'),
        ('auth', '0012_alter_user_first_name_max_length'),
        ('contenttypes', '0002_remove_content_type_name'),
        ('places', '0005_facility_status_deleted_id'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RenameModel(
            old_name='HistoricalProject',
            new_name='HistoricalNewHomeProject',
        ),
        migrations.RenameModel(
            old_name='Project',
            new_name='NewHomeProject',
        ),
        migrations.RunPython(_rename_permissions, _rename_permissions_back),
    ]
