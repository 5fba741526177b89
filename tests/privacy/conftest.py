"""A resident with something in every app that holds personal data: a followed project, a
problem report filed (with contact) and followed, a housing-swap application with a document,
a draft, a notice. Everything is made through the apps' own services and APIs."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from apps.notices import events
from apps.notices.services import event_publish
from apps.reports import services as report_services
from apps.reports.categories import categories_sync
from tests.factories import CommunityFactory, SubDistrictFactory, UserFactory
from tests.housing_swap.factories import RoundFactory, make_id, payload, png_bytes
from tests.projects.factories import ProjectFactory

PASSWORD = "Correct-Horse-Battery-9"  # UserFactory's
PHONE = "13912345678"
ID_NUMBER = make_id(serial=777)


@pytest.fixture
def resident(db):
    return UserFactory(username="zhanghua", first_name="华", last_name="张", phone=PHONE)


@pytest.fixture
def api(resident):
    client = APIClient()
    client.force_authenticate(resident)
    return client


@pytest.fixture
def project(db):
    return ProjectFactory()


@pytest.fixture
def report(resident):
    categories_sync()
    street = SubDistrictFactory(code="S-P", name="宝丰街道", lat=30.58, lon=114.25)
    CommunityFactory(code="C-P1", name="宝丰社区", sub_district=street, lat=30.58, lon=114.25)
    return report_services.report_submit(
        category="street-lighting", description="路灯不亮已经三天了", lat=30.58, lon=114.25, reporter=resident,
        contact_name="张华", contact_phone=PHONE, contact_email="zhanghua@example.com")


@pytest.fixture
def application(api):
    round_ = RoundFactory()
    created = api.post("/api/v1/housing-swap/applications/", payload(round_, id_number=ID_NUMBER, phone=PHONE),
                       format="json")
    assert created.status_code == 201, created.content
    upload = SimpleUploadedFile("id.png", png_bytes(), content_type="image/png")
    document = api.post(f"/api/v1/housing-swap/applications/{created.json()['id']}/documents/",
                        {"kind": "id_card", "file": upload}, format="multipart")
    assert document.status_code == 201, document.content
    return created.json()


@pytest.fixture
def everything(resident, api, project, report, application):
    assert api.post(f"/api/v1/projects/{project.pk}/follow/").status_code in (200, 201, 204)
    event_publish(kind=events.PROJECT_PROGRESS, subject=project, recipients=[resident.pk],
                  context={"title": project.title, "title_en": "Renewal", "percent": 50.0}, link="/projects/1/")
    return {"project": project, "report": report, "application": application}
