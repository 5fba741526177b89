import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from apps.accounts import roles
from apps.housing_swap import services

from .factories import PDF_BYTES, RoundFactory, payload, png_bytes


@pytest.fixture
def synced_roles(db):
    roles.sync_roles()


def _staff(username, role, password):
    user = get_user_model().objects.create_user(
        username=username, password=password, email=f"{username}@example.com", is_staff=True
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
            token, _ = Token.objects.get_or_create(user=user)
            client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
        return client

    return make


@pytest.fixture
def png_upload():
    return SimpleUploadedFile("我的身份证.png", png_bytes(), content_type="image/png")


@pytest.fixture
def pdf_upload():
    return SimpleUploadedFile("certificate.pdf", PDF_BYTES, content_type="application/pdf")
