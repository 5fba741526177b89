"""Issue 18 item 9: limits on draft creation and on one application's uploads, each a
setting with a default, refused with a 400 (or a page message) a resident understands."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from apps.housing_swap import services
from apps.housing_swap.limits import DEFAULTS
from apps.housing_swap.models import Application, Status
from tests.otp import staff_login

from .factories import RoundFactory, png_bytes

URL = "/api/v1/housing-swap/applications/"


def test_defaults_are_sane():
    assert DEFAULTS["HOUSING_SWAP_MAX_OPEN_DRAFTS"] >= 3
    assert DEFAULTS["HOUSING_SWAP_MAX_DOCUMENTS_PER_APPLICATION"] >= 10
    assert DEFAULTS["HOUSING_SWAP_MAX_DOCUMENT_BYTES_PER_APPLICATION"] >= 10 * 1024 * 1024  # one full-size file


def test_open_drafts_per_account_are_capped(settings, user, open_round):
    settings.HOUSING_SWAP_MAX_OPEN_DRAFTS = 3
    for _i in range(3):  # proxy drafts: several per round are allowed
        services.application_create_draft(round_=open_round, applicant=user, is_proxy=True)
    with pytest.raises(ValidationError) as caught:
        services.application_create_draft(round_=open_round, applicant=user, is_proxy=True)
    assert "未完成的申请" in str(caught.value)  # Chinese first
    assert Application.objects.filter(applicant=user).count() == 3
    # withdrawing one frees a place
    services.application_withdraw(application=Application.objects.filter(applicant=user).first(), actor=user)
    services.application_create_draft(round_=open_round, applicant=user, is_proxy=True)


def test_drafts_started_per_day_are_capped(settings, user, open_round):
    settings.HOUSING_SWAP_MAX_DRAFTS_PER_DAY = 2
    for _i in range(2):
        draft = services.application_create_draft(round_=open_round, applicant=user, is_proxy=True)
        services.application_withdraw(application=draft, actor=user)
    with pytest.raises(ValidationError) as caught:
        services.application_create_draft(round_=open_round, applicant=user, is_proxy=True)
    assert "24 小时" in str(caught.value)


def test_draft_limit_on_the_page_is_a_message(settings, client, user, open_round):
    staff_login(client, user)
    logged_in = client
    settings.HOUSING_SWAP_MAX_OPEN_DRAFTS = 1
    other = RoundFactory()
    logged_in.post("/housing-swap/apply/", {"round": open_round.pk, "proxy": "0"})
    response = logged_in.post("/housing-swap/apply/", {"round": other.pk, "proxy": "0"}, follow=True)
    assert response.status_code == 200
    assert "unfinished applications" in response.content.decode() or "未完成" in response.content.decode()
    assert Application.objects.filter(applicant=user, status=Status.DRAFT).count() == 1


def _upload(client, application, content=None):
    return client.post(f"{URL}{application.pk}/documents/",
                       {"file": SimpleUploadedFile("a.png", content or png_bytes()), "kind": "id_card"},
                       format="multipart")


def test_documents_per_application_are_capped_by_count(settings, auth_client, application):
    settings.HOUSING_SWAP_MAX_DOCUMENTS_PER_APPLICATION = 2
    assert _upload(auth_client, application).status_code == 201
    assert _upload(auth_client, application).status_code == 201
    response = _upload(auth_client, application)
    assert response.status_code == 400 and "file" in response.json()
    assert "most allowed" in str(response.json()) or "上限" in str(response.json())
    assert application.documents.count() == 2


def test_documents_per_application_are_capped_by_total_size(settings, auth_client, application):
    content = png_bytes((64, 64))
    settings.HOUSING_SWAP_MAX_DOCUMENT_BYTES_PER_APPLICATION = len(content) * 2 + 10
    assert _upload(auth_client, application, content).status_code == 201
    assert _upload(auth_client, application, content).status_code == 201
    response = _upload(auth_client, application, content)
    assert response.status_code == 400 and "file" in response.json()
    assert application.documents.count() == 2
