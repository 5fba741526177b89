import pytest
from django.contrib.auth.models import Permission
from rest_framework.test import APIClient

from tests import tokens
from tests.factories import SubDistrictFactory, UserFactory

from .factories import ProjectFactory


def _perms(*codenames):
    return list(Permission.objects.filter(content_type__app_label="projects", codename__in=codenames))


def token_client(user) -> APIClient:
    return tokens.token_client(user, APIClient())


@pytest.fixture
def street_a(db):
    return SubDistrictFactory(code="420104901", name="甲街道", name_en="Jia")


@pytest.fixture
def street_b(db):
    return SubDistrictFactory(code="420104902", name="乙街道", name_en="Yi")


@pytest.fixture
def project(street_a):
    project = ProjectFactory(code="P-A", title="充电桩建设", title_en="Charging piles",
                             target_quantity=11000, achieved_quantity=0, unit="个", unit_en="piles")
    project.sub_districts.add(street_a)
    return project


@pytest.fixture
def official_a(street_a):
    user = UserFactory(username="official_a", is_staff=True)
    user.user_permissions.add(*_perms("post_progress", "view_project", "change_project",
                                      "add_progressupdate", "view_progressupdate"))
    user.sub_districts.add(street_a)
    return user


@pytest.fixture
def official_b(street_b):
    user = UserFactory(username="official_b", is_staff=True)
    user.user_permissions.add(*_perms("post_progress", "view_project", "change_project"))
    user.sub_districts.add(street_b)
    return user


@pytest.fixture
def district_admin(db):
    user = UserFactory(username="district_admin", is_staff=True)
    user.user_permissions.add(*_perms("post_progress", "post_progress_any", "view_project",
                                      "change_project", "add_project", "add_progressupdate",
                                      "view_progressupdate", "add_milestone", "change_milestone",
                                      "view_milestone"))
    return user
