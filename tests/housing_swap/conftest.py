import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from apps.accounts import roles
from apps.housing_swap import services
from tests.otp import staff_login  # noqa: F401 - re-exported for the tests here
from tests.tokens import token_for

from .factories import PDF_BYTES, RoundFactory, payload, png_bytes


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # Argon2 is slow on a shared CI machine; these tests are not about hashing.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def synced_roles(db):
    """Groups are created by post_migrate when the test database is set up; sync only if missing."""
    group = Group.objects.filter(name=roles.HOUSING_SWAP_ADMIN).first()
    if group is None or not group.permissions.filter(codename="reveal_personal_data").exists():
        roles.sync_roles()


def _staff(username, role, password):
    user = get_user_model().objects.create_user(
        username=username, password=None, email=f"{username}@example.com", is_staff=True
    )
    user.groups.add(Group.objects.get(name=role))
    return user


@pytest.fixture
def reviewer(synced_roles, password):
    return _staff("reviewer1", roles.HOUSING_SWAP_REVIEWER, password)


@pytest.fixture
def hsadmin(synced_roles, password):
    return _staff("hsadmin1", roles.HOUSING_SWAP_ADMIN, password)


@pytest.fixture
def auditor(synced_roles, password):
    return _staff("auditor1", roles.AUDITOR, password)


@pytest.fixture
def open_round(db):
    return RoundFactory()


@pytest.fixture
def application(user, open_round):
    data = payload(open_round)
    data.pop("round")
    return services.application_submit_new(round_=open_round, applicant=user, data=data)


@pytest.fixture
def client_for():
    def make(user):
        client = APIClient()
        if user is not None:
            client.credentials(HTTP_AUTHORIZATION=f"Token {token_for(user)}")
        return client

    return make


@pytest.fixture
def png_upload():
    return SimpleUploadedFile("我的身份证.png", png_bytes(), content_type="image/png")


@pytest.fixture
def pdf_upload():
    return SimpleUploadedFile("certificate.pdf", PDF_BYTES, content_type="application/pdf")
