"""Residents download their data (PIPL Art. 45, issue 18 item 13)."""

import io
import json
import zipfile

import pytest
from django.test import Client

from apps.accounts.models import SecurityEvent
from apps.notices import events
from tests.factories import UserFactory
from tests.housing_swap.factories import png_bytes

from .conftest import ID_NUMBER, PASSWORD, PHONE

pytestmark = pytest.mark.django_db
URL = "/accounts/my-data/"


def download(client, password=PASSWORD):
    return client.post(URL, {"password": password})


def test_the_archive_holds_everything_about_the_resident(resident, everything):
    client = Client()
    client.force_login(resident)
    page = client.get(URL, HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == 200 and "password" in page.content.decode()

    response = download(client)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert response["Content-Disposition"].startswith("attachment;")
    assert "no-cache" in response["Cache-Control"] or "no-store" in response["Cache-Control"]
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    data = json.loads(archive.read("data.json"))

    assert data["account"]["username"] == "zhanghua" and data["account"]["phone"] == PHONE
    assert data["notice_preferences"]["in_app"] == "immediately"
    assert data["contact_verification"]["email"]["verified"] is True
    in_app = [n for n in data["notices"] if n["channel"] == "in_app"]
    assert events.PROJECT_PROGRESS in {n["kind"] for n in in_app} and all(n["title"] for n in in_app)
    assert {n["channel"] for n in data["notices"]} == {"in_app", "email"}
    assert [f["project_id"] for f in data["followed_projects"]] == [everything["project"].pk]
    filed = data["problem_reports"]["filed"]
    assert filed[0]["id"] == everything["report"].pk and filed[0]["contact_phone"] == PHONE
    assert [f["report_id"] for f in data["problem_reports"]["followed"]] == [everything["report"].pk]
    (application,) = data["housing_swap"]
    assert application["id_number"] == ID_NUMBER and application["status"] == "submitted"
    (document,) = application["documents"]
    assert archive.read(document["file"]) == png_bytes()  # decrypted: the file as uploaded
    assert SecurityEvent.objects.filter(subject=resident, action="personal_data_downloaded").count() == 1


def test_a_wrong_password_gets_nothing_and_counts_as_a_failed_sign_in(resident, settings):
    settings.AUTH_FAILURE_LIMIT_PER_USER = 3
    client = Client()
    client.force_login(resident)
    statuses = [download(client, "not-my-password").status_code for _ in range(3)]
    assert statuses == [400, 400, 400]
    assert download(client).status_code == 429  # locked, as signing in would be
    assert not SecurityEvent.objects.filter(subject=resident, action="personal_data_downloaded").exists()


def test_only_the_signed_in_resident_gets_their_own(resident, everything):
    assert Client().get(URL).status_code == 302
    assert Client().post(URL, {"password": PASSWORD}).status_code == 302
    other = UserFactory(username="lisi")
    client = Client()
    client.force_login(other)
    data = json.loads(zipfile.ZipFile(io.BytesIO(b"".join(download(client).streaming_content))).read("data.json"))
    assert data["account"]["username"] == "lisi"
    assert data["housing_swap"] == [] and data["followed_projects"] == [] and data["problem_reports"]["filed"] == []


def test_the_api_gives_the_same_archive(resident, everything, api):
    assert api.post("/api/v1/account/my-data/", {"password": "wrong-one-1"}, format="json").status_code == 400
    assert api.post("/api/v1/account/my-data/", {}, format="json").status_code == 400
    response = api.post("/api/v1/account/my-data/", {"password": PASSWORD}, format="json")
    assert response.status_code == 200 and response["Content-Type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    assert json.loads(archive.read("data.json"))["account"]["username"] == "zhanghua"
    assert any(name.startswith("files/housing_swap/") for name in archive.namelist())
