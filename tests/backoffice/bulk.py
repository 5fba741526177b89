"""Fixtures and helpers of the bulk import/export/job tests (imported by test_import.py,
test_export.py and test_jobs.py)."""

import csv
import io

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core.files.uploadedfile import SimpleUploadedFile

from apps.accounts import roles
from portal.celery import app as celery_app
from tests.factories import CommunityFactory, SubDistrictFactory
from tests.otp import staff_login

PASSWORD = "Correct-Horse-Battery-9"


@pytest.fixture(autouse=True)
def bulk_private_files(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def bulk_celery_eager(request):
    """Tasks run in-process unless the test starts a real worker (also when REDIS_URL is set)."""
    if request.node.get_closest_marker("worker"):
        yield
        return
    previous = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = True
    yield
    celery_app.conf.task_always_eager = previous


@pytest.fixture
def synced(db):
    group = Group.objects.filter(name=roles.OFFICIAL).first()
    if group is None or not group.permissions.filter(codename="export_data").exists():
        roles.sync_roles()


@pytest.fixture
def street_a(db):
    return SubDistrictFactory(code="SD-A", name="甲街道", name_en="Jia")


@pytest.fixture
def street_b(db):
    return SubDistrictFactory(code="SD-B", name="乙街道", name_en="Yi")


@pytest.fixture
def community_a(street_a):
    return CommunityFactory(code="CA1", name="甲社区", sub_district=street_a)


@pytest.fixture
def community_b(street_b):
    return CommunityFactory(code="CB1", name="乙社区", sub_district=street_b)


def make_staff(username, role=None, *, sub_districts=(), perms=(), **extra):
    user = get_user_model().objects.create_user(username=username, password=PASSWORD, is_staff=True,
                                                email=f"{username}@example.com", **extra)
    if role:
        user.groups.add(Group.objects.get(name=role))
    if sub_districts:
        user.sub_districts.add(*sub_districts)
    for dotted in perms:
        app_label, codename = dotted.split(".")
        user.user_permissions.add(Permission.objects.get(content_type__app_label=app_label, codename=codename))
    return get_user_model().objects.get(pk=user.pk)  # fresh permission cache


@pytest.fixture
def district_admin(synced):
    return make_staff("district_admin", roles.DISTRICT_ADMIN)


@pytest.fixture
def official_a(synced, street_a):
    return make_staff("official_a", roles.OFFICIAL, sub_districts=[street_a])


@pytest.fixture
def auditor(synced):
    return make_staff("auditor", roles.AUDITOR)


@pytest.fixture
def hsadmin(synced):
    return make_staff("hsadmin", roles.HOUSING_SWAP_ADMIN)


def login(client, user):
    """Sign in; staff pass two-factor with a real device and code (tests/otp.py)."""
    return staff_login(client, user)


def csv_upload(rows: list[dict], name="rows.csv", encoding="utf-8") -> SimpleUploadedFile:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]))
    writer.writeheader()
    writer.writerows(rows)
    return SimpleUploadedFile(name, out.getvalue().encode(encoding), content_type="text/csv")


def xlsx_upload(rows: list[dict], name="rows.xlsx") -> SimpleUploadedFile:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(list(rows[0]))
    for row in rows:
        sheet.append(list(row.values()))
    out = io.BytesIO()
    book.save(out)
    return SimpleUploadedFile(name, out.getvalue(),
                              content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")


def canteen_row(code, community="CA1", **overrides):
    row = {"code": code, "name": f"幸福食堂{code}", "address": "硚口区解放大道1号", "community": community,
           "lat": "30.58", "lon": "114.25", "status": "published", "seats": "40", "home_delivery": "1"}
    row.update(overrides)
    return row


def read_csv(content: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
