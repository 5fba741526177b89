import pytest

from tests.canteens.conftest import command, seeded_places  # noqa: F401 - the kinds' shared seed fixtures


@pytest.fixture
def admin_client(client, staff_user):
    """Staff with every permission of this app and of places (no data-reveal permission, so
    no two-factor step): the one place this package signs staff in."""
    from django.contrib.auth.models import Permission

    staff_user.user_permissions.set(Permission.objects.filter(content_type__app_label__in=["parking", "places"]))
    client.force_login(staff_user)
    return client
