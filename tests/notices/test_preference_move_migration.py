"""Issue 16: notice preferences moved from ``accounts`` to ``notices`` (accounts 0005, notices
0004) keep their rows, their permissions (and the roles holding them), forwards and backwards.

Runs the real migrations with Django's ``MigrationExecutor``. Under ``--migrations`` the test
database was built by them; under the suite's default ``--no-migrations`` it was built from the
models, which is the schema of the latest migrations, so they are recorded as applied first.
"""

import pytest
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, connection, transaction
from django.db.migrations.executor import MigrationExecutor

from apps.notices.models import NotificationPreference

BEFORE = [("accounts", "0004_rate_counter"), ("notices", "0003_contact_verification")]
MOVED = [("accounts", "0005_move_notificationpreference_to_notices"),
         ("notices", "0004_notificationpreference_from_accounts")]


def _executor() -> MigrationExecutor:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    return executor


def _migrate(targets):
    executor = _executor()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.fixture
def migrations(settings):
    settings.MIGRATION_MODULES = {}  # the real migrations, also under --no-migrations
    executor = _executor()
    applied = executor.recorder.applied_migrations()
    for key in executor.loader.graph.nodes:
        if key not in applied:
            executor.recorder.record_applied(*key)
    yield
    _migrate(_executor().loader.graph.leaf_nodes())  # the latest schema again for the next tests
    ContentType.objects.clear_cache()


def _tables() -> set[str]:
    with connection.cursor() as cursor:
        return set(connection.introspection.table_names(cursor))


ROWS = [("alice", "email", "daily"), ("alice", "sms", "weekly"), ("bob", "email", "off")]


def _keepers_permissions() -> list[tuple[str, str]]:
    keepers = Group.objects.get(name="preference keepers")
    return [(p.content_type.app_label, p.codename) for p in keepers.permissions.all()]


@pytest.mark.django_db(transaction=True)
def test_preferences_move_to_notices_with_their_rows(migrations):
    old_apps = _migrate(BEFORE)
    assert "accounts_notificationpreference" in _tables()
    assert "notices_notificationpreference" not in _tables()
    OldUser = old_apps.get_model("accounts", "User")
    OldPreference = old_apps.get_model("accounts", "NotificationPreference")
    OldContentType = old_apps.get_model("contenttypes", "ContentType")
    OldPermission = old_apps.get_model("auth", "Permission")
    OldGroup = old_apps.get_model("auth", "Group")

    alice = OldUser.objects.create(username="alice", email="alice@example.cn", phone="13800138000")
    bob = OldUser.objects.create(username="bob")
    OldPreference.objects.create(user=alice, channel="email", frequency="daily")
    OldPreference.objects.create(user=alice, channel="sms", frequency="weekly")
    OldPreference.objects.create(user=bob, channel="email", frequency="off")
    # the permission a role holds (the test database made it when it was set up)
    old_type = OldContentType.objects.get(app_label="accounts", model="notificationpreference")
    change = OldPermission.objects.get(content_type=old_type, codename="change_notificationpreference")
    OldGroup.objects.create(name="preference keepers").permissions.add(change)

    _migrate(MOVED)  # the content type is relabelled
    ContentType.objects.clear_cache()

    assert "accounts_notificationpreference" not in _tables()
    assert sorted(NotificationPreference.objects.values_list("user__username", "channel", "frequency")) == ROWS
    assert NotificationPreference.objects.get(user__username="bob").user_id == bob.pk
    assert NotificationPreference._meta.db_table == "notices_notificationpreference"
    with pytest.raises(IntegrityError), transaction.atomic():  # the constraint came along
        NotificationPreference.objects.create(user_id=bob.pk, channel="email", frequency="daily")
    assert ContentType.objects.get_for_model(NotificationPreference).app_label == "notices"
    assert not ContentType.objects.filter(app_label="accounts", model="notificationpreference").exists()
    assert _keepers_permissions() == [("notices", "change_notificationpreference")]

    # and back: the rows return to accounts' table, the content type to accounts
    back_apps = _migrate(BEFORE)
    assert "notices_notificationpreference" not in _tables()
    assert sorted(back_apps.get_model("accounts", "NotificationPreference").objects.values_list(
        "user__username", "channel", "frequency")) == ROWS
    BackContentType = back_apps.get_model("contenttypes", "ContentType")
    BackPermission = back_apps.get_model("auth", "Permission")
    assert list(BackContentType.objects.filter(model="notificationpreference").values_list("app_label", flat=True)) \
        == ["accounts"]

    # `migrate accounts 0004` runs a post-migrate with the new code, which makes the notices
    # content type and permissions beside the old ones: forwards again, they are merged
    new_type = BackContentType.objects.create(app_label="notices", model="notificationpreference")
    new_change = BackPermission.objects.create(content_type=new_type, codename="change_notificationpreference",
                                               name="Can change notification preference")
    _migrate(MOVED)
    ContentType.objects.clear_cache()

    assert sorted(NotificationPreference.objects.values_list("user__username", "channel", "frequency")) == ROWS
    assert ContentType.objects.get_for_model(NotificationPreference).pk == new_type.pk
    assert not ContentType.objects.filter(app_label="accounts", model="notificationpreference").exists()
    assert _keepers_permissions() == [("notices", "change_notificationpreference")]
    assert Group.objects.get(name="preference keepers").permissions.get().pk == new_change.pk
