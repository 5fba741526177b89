"""Residents close their account (PIPL Art. 47, issue 18 item 13), keeping what the law
requires: housing-swap applications past submission stay, linked to the closed account, until
their retention period anonymises them."""

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from rest_framework.test import APIClient

from apps.accounts.models import ApiToken, SecurityEvent
from apps.accounts.services import api_token_issue
from apps.housing_swap import services as housing_services
from apps.housing_swap.models import Application, ApplicationDocument, AuditLog, Status
from apps.notices.models import ContactVerification, Notice, NotificationPreference
from apps.projects.models import Follow
from apps.reports.models import Report, ReportFollow
from tests.factories import UserFactory
from tests.housing_swap.factories import RoundFactory

from .conftest import PASSWORD

pytestmark = pytest.mark.django_db
URL = "/accounts/delete/"


def close(client, password=PASSWORD, confirm="on"):
    return client.post(URL, {"password": password, "confirm": confirm})


def test_closing_the_account_erases_it_and_keeps_what_the_law_requires(resident, everything):
    application = Application.objects.get(pk=everything["application"]["id"])
    housing_services.application_withdraw(application=application, actor=resident)  # closed: kept
    draft = housing_services.application_create_draft(round_=RoundFactory(), applicant=resident)
    token = api_token_issue(user=resident)[1]
    NotificationPreference.objects.create(user=resident, channel="sms", frequency="daily")

    client = Client()
    client.force_login(resident)
    page = client.get(URL, HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == 200 and "What is kept" in page.content.decode()
    assert close(client).status_code == 302

    user = get_user_model().objects.get(pk=resident.pk)  # a stub: the records the law keeps point to it
    assert user.username.startswith("deleted-") and not user.is_active and not user.has_usable_password()
    assert (user.email, user.phone, user.first_name, user.last_name) == ("", "", "", "")
    assert not user.groups.exists()
    for model, field in ((Notice, "recipient"), (NotificationPreference, "user"), (ContactVerification, "user"),
                         (ApiToken, "user"), (Follow, "user"), (ReportFollow, "user")):
        assert not model.objects.filter(**{field: user}).exists(), model
    report = Report.objects.get(pk=everything["report"].pk)  # the district's record stays, detached
    assert report.reporter is None and (report.contact_name, report.contact_phone) == ("", "")
    assert report.anonymised_at is not None
    assert not Application.objects.filter(pk=draft.pk).exists()  # never submitted: gone
    kept = Application.objects.get(pk=application.pk)
    assert kept.applicant_id == user.pk and kept.status == Status.WITHDRAWN  # retention rules apply
    assert ApplicationDocument.objects.filter(application=kept).exists()
    assert AuditLog.objects.filter(target__contains=draft.reference, reason__contains="closed their account").exists()

    event = SecurityEvent.objects.get(subject=user, action="account_deleted")
    assert "1 housing-swap draft(s) deleted, 1 application(s) kept" in event.detail
    assert "张" not in event.detail and "zhanghua" not in event.detail
    # signed out everywhere: the session and the token are refused
    assert client.get("/notices/").status_code == 302
    assert APIClient().get("/api/v1/notices/", HTTP_AUTHORIZATION=f"Token {token}").status_code == 401
    assert not Client().login(username="zhanghua", password=PASSWORD)
    # the retention job anonymises the kept application when its time comes
    assert housing_services.applications_anonymise_expired(days=0) == 1


def test_an_application_in_progress_blocks_the_closing(resident, application):
    client = Client()
    client.force_login(resident)
    page = client.get(URL, HTTP_ACCEPT_LANGUAGE="en")
    assert "is in progress" in page.content.decode() and application["reference"] in page.content.decode()
    response = close(client)
    assert response.status_code == 400
    assert get_user_model().objects.get(pk=resident.pk).is_active
    assert not SecurityEvent.objects.filter(subject=resident, action="account_deleted").exists()


def test_the_password_and_the_confirmation_are_required(resident, settings):
    settings.AUTH_FAILURE_LIMIT_PER_USER = 2
    client = Client()
    client.force_login(resident)
    assert close(client, confirm="").status_code == 400
    assert close(client, password="not-it").status_code == 400
    assert close(client, password="not-it").status_code == 400
    assert close(client).status_code == 429  # the sign-in lockout applies
    assert get_user_model().objects.get(pk=resident.pk).is_active


def test_staff_accounts_are_not_closed_here(db):
    staff = UserFactory(username="clerk", is_staff=True)
    client = Client()
    client.force_login(staff)
    assert close(client).status_code in (302, 400)  # staff pages may ask for two-factor first
    assert get_user_model().objects.get(pk=staff.pk).is_active


def test_signed_out_visitors_are_sent_to_sign_in():
    assert Client().get(URL).status_code == 302
    assert Client().get("/accounts/deleted/").status_code == 200


def test_the_api_closes_the_account_with_the_same_rules(resident, application):
    client = APIClient()
    client.force_authenticate(resident)
    url = "/api/v1/account/delete/"
    refused = client.post(url, {"password": PASSWORD, "confirm": True}, format="json", HTTP_ACCEPT_LANGUAGE="en")
    assert refused.status_code == 400 and "in progress" in refused.json()["detail"]
    housing_services.application_withdraw(application=Application.objects.get(pk=application["id"]), actor=resident)
    assert client.post(url, {"password": PASSWORD, "confirm": False}, format="json").status_code == 400
    assert client.post(url, {"password": "wrong-one-1", "confirm": True}, format="json").status_code == 400
    assert client.post(url, {"password": PASSWORD, "confirm": True}, format="json").status_code == 204
    assert not get_user_model().objects.get(pk=resident.pk).is_active
