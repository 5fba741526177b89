import io

import pytest

from tests.otp import staff_login


class FakeCommand:
    def __init__(self):
        self.stdout = io.StringIO()
        self.demo_accounts = []


@pytest.fixture
def seeded_places(db):
    from apps.places import seed as places_seed

    places_seed.run(FakeCommand())


@pytest.fixture
def command():
    return FakeCommand()


@pytest.fixture
def facility_admin(staff_user):
    """Staff with every permission of this app and of places (no data-reveal permission, so
    no two-factor step)."""
    from django.contrib.auth.models import Permission

    staff_user.user_permissions.set(Permission.objects.filter(content_type__app_label__in=["charging", "places"]))
    return staff_user


@pytest.fixture
def admin_client(client, facility_admin):
    staff_login(client, facility_admin)
    return client
