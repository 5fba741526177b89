import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from apps.accounts import roles
from apps.reports.categories import categories_sync
from apps.reports.models import Category
from tests.factories import CommunityFactory, FacilityFactory, SubDistrictFactory, verify_contacts
from tests.tokens import token_for

# A Tuesday, 10:00 in Beijing (02:00 UTC): inside working hours.
TUESDAY_10 = dt.datetime(2026, 12, 1, 2, 0, tzinfo=dt.UTC)
POINT = (30.5800, 114.2500)


@pytest.fixture(autouse=True)
def _categories(db):
    categories_sync()


@pytest.fixture
def synced_roles(db):
    group = Group.objects.filter(name=roles.OFFICIAL).first()
    if group is None or not group.permissions.filter(codename="handle_report").exists():
        roles.sync_roles()


@pytest.fixture
def street(db):
    return SubDistrictFactory(code="S-A", name="宝丰街道", name_en="Baofeng", lat=30.58, lon=114.25)


@pytest.fixture
def other_street(db):
    return SubDistrictFactory(code="S-B", name="汉正街道", name_en="Hanzheng", lat=30.57, lon=114.27)


@pytest.fixture
def community(street):
    return CommunityFactory(code="C-A1", name="宝丰社区", sub_district=street, lat=30.5800, lon=114.2500)


@pytest.fixture
def other_community(other_street):
    return CommunityFactory(code="C-B1", name="汉正社区", sub_district=other_street, lat=30.5700, lon=114.2700)


@pytest.fixture
def charger(community):
    return FacilityFactory(kind="charging", community=community, lat=30.5801, lon=114.2501)


@pytest.fixture
def lighting(db):
    return Category.objects.get(code="street-lighting")


def _staff(username, role, sub_districts=()):
    user = get_user_model().objects.create_user(
        username=username, password=None, email=f"{username}@example.com", is_staff=True
    )
    user.groups.add(Group.objects.get(name=role))
    for sd in sub_districts:
        user.sub_districts.add(sd)
    return user


@pytest.fixture
def official(synced_roles, street):
    return _staff("official-a", roles.OFFICIAL, [street])


@pytest.fixture
def other_official(synced_roles, other_street):
    return _staff("official-b", roles.OFFICIAL, [other_street])


@pytest.fixture
def district_admin(synced_roles):
    return _staff("district-admin", roles.DISTRICT_ADMIN)


@pytest.fixture
def resident(db):
    user = get_user_model().objects.create_user(username="resident", password=None, email="resident@example.com")
    verify_contacts([user.pk])  # the email is proven theirs: notices go to it (issue 18 item 8)
    return user


@pytest.fixture
def resident_token(resident):
    return token_for(resident)


@pytest.fixture
def staff_login():
    """Sign a staff member in to the back office, second factor passed (``tests.otp``)."""
    from tests.otp import staff_login as login

    def _login(client, user):
        login(client, user)
        return client

    return _login
