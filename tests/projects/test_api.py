from decimal import Decimal

import pytest
from rest_framework.test import APIClient

from apps.notices.models import Event
from apps.projects.models import Category, Follow, Status

from .conftest import token_client
from .factories import MilestoneFactory, ProjectFactory

pytestmark = pytest.mark.django_db


def updates_url(project):
    return f"/api/v1/projects/{project.pk}/updates/"


def test_list_items_have_the_contract_fields(api_client, project):
    response = api_client.get("/api/v1/projects/")
    assert response.status_code == 200
    body = response.json()
    assert set(body) >= {"count", "next", "previous", "results"}
    item = body["results"][0]
    for key in ["id", "title", "category", "year", "target_quantity", "achieved_quantity", "unit",
                "progress_percent", "status", "url"]:
        assert key in item
    assert item["target_quantity"] == 11000
    assert item["url"].endswith(f"/projects/{project.pk}/")


def test_list_filters(api_client):
    ProjectFactory(year=2023, category=Category.HOUSING, status=Status.COMPLETED)
    ProjectFactory(year=2024, category=Category.HOUSING, status=Status.DELAYED)
    ProjectFactory(year=2024, category=Category.TRANSPORT, status=Status.DELAYED)
    assert api_client.get("/api/v1/projects/?year=2024").json()["count"] == 2
    assert api_client.get("/api/v1/projects/?year=2024&category=housing").json()["count"] == 1
    assert api_client.get("/api/v1/projects/?status=completed").json()["count"] == 1
    response = api_client.get("/api/v1/projects/?status=bogus")
    assert response.status_code == 400
    assert "status" in response.json()


def test_list_filter_by_street(api_client, project, street_b):
    ProjectFactory()
    assert api_client.get(f"/api/v1/projects/?street={project.sub_districts.get().pk}").json()["count"] == 1
    assert api_client.get(f"/api/v1/projects/?street={street_b.pk}").json()["count"] == 0


def test_list_hides_sub_projects_and_paginates(api_client):
    parent = ProjectFactory()
    ProjectFactory(parent=parent)
    for _ in range(4):
        ProjectFactory()
    body = api_client.get("/api/v1/projects/?page_size=2").json()
    assert body["count"] == 5
    assert len(body["results"]) == 2
    assert body["next"]
    assert api_client.get("/api/v1/projects/?page_size=1000").json()["count"] == 5


def test_list_query_count_is_constant(api_client, street_a, django_assert_max_num_queries):
    for _ in range(30):
        ProjectFactory().sub_districts.add(street_a)
    with django_assert_max_num_queries(3):
        response = api_client.get("/api/v1/projects/?page_size=100")
    assert len(response.json()["results"]) == 30


def test_list_in_both_languages(api_client, project):
    zh = api_client.get("/api/v1/projects/").json()["results"][0]
    en = api_client.get("/api/v1/projects/", HTTP_ACCEPT_LANGUAGE="en").json()["results"][0]
    assert zh["title"] == "充电桩建设"
    assert en["title"] == "Charging piles"
    assert en["unit"] == "piles"
    assert en["status_label"] == "In progress"
    assert zh["status_label"] != "In progress"


def test_detail_hides_future_milestones(api_client, project):
    from datetime import timedelta

    from django.utils import timezone

    MilestoneFactory(project=project, title="已公布")
    MilestoneFactory(project=project, title="未公布", published_at=timezone.now() + timedelta(days=3))
    body = api_client.get(f"/api/v1/projects/{project.pk}/").json()
    assert [m["title"] for m in body["milestones"]] == ["已公布"]
    assert api_client.get("/api/v1/projects/999999/").status_code == 404


def test_follow_and_unfollow(auth_client, user, project):
    url = f"/api/v1/projects/{project.pk}/follow/"
    assert auth_client.post(url).status_code == 201
    assert auth_client.post(url).status_code == 200  # twice is harmless
    assert Follow.objects.filter(user=user, project=project).count() == 1
    assert auth_client.delete(url).status_code == 204
    assert auth_client.delete(url).status_code == 204
    assert not Follow.objects.exists()
    assert auth_client.post("/api/v1/projects/999999/follow/").status_code == 404


def test_follow_needs_authentication(api_client, project):
    assert api_client.post(f"/api/v1/projects/{project.pk}/follow/").status_code in (401, 403)
    assert not Follow.objects.exists()


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("anonymous", {401, 403}),
        ("resident", {403}),
        ("plain_staff", {403}),
        ("official_b", {403}),
        ("official_a", {201}),
        ("district_admin", {201}),
        ("superuser", {201}),
    ],
)
def test_update_permission_matrix(request, project, who, expected):
    if who == "anonymous":
        client = APIClient()
    elif who == "resident":
        client = token_client(request.getfixturevalue("user"))
    elif who == "plain_staff":
        client = token_client(request.getfixturevalue("staff_user"))
    else:
        client = token_client(request.getfixturevalue(who))
    response = client.post(updates_url(project), {"progress_percent": 30, "note": "过三成"}, format="json")
    assert response.status_code in expected
    assert Event.objects.count() == (1 if 201 in expected else 0)


def test_district_wide_projects_need_the_district_permission(official_a, district_admin):
    project = ProjectFactory()  # no sub-district: district-wide
    body = {"achieved_quantity": 3, "note": "n"}
    assert token_client(official_a).post(updates_url(project), body, format="json").status_code == 403
    assert token_client(district_admin).post(updates_url(project), body, format="json").status_code == 201


def test_posted_update_is_returned_and_changes_the_project(project, official_a, user):
    Follow.objects.create(user=user, project=project)
    response = token_client(official_a).post(
        updates_url(project), {"achieved_quantity": "2750", "note": "四分之一"}, format="json"
    )
    assert response.status_code == 201
    body = response.json()
    assert body["achieved_quantity"] == 2750
    assert body["resulting_percent"] == 25
    project.refresh_from_db()
    assert project.progress_percent == Decimal(25)
    assert Event.objects.count() == 1
    # the public timeline lists it
    listed = APIClient().get(updates_url(project)).json()
    assert listed["count"] == 1


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"progress_percent": 120, "note": "n"}, "progress_percent"),
        ({"progress_percent": -5, "note": "n"}, "progress_percent"),
        ({"progress_percent": "NaN", "note": "n"}, "progress_percent"),
        ({"achieved_quantity": -1, "note": "n"}, "achieved_quantity"),
        ({"achieved_quantity": "lots", "note": "n"}, "achieved_quantity"),
        ({"note": "nothing given"}, "achieved_quantity"),
        ({"progress_percent": 10}, "note"),
        ({"progress_percent": 10, "note": ""}, "note"),
    ],
)
def test_update_validation_names_the_field(project, official_a, payload, field):
    response = token_client(official_a).post(updates_url(project), payload, format="json")
    assert response.status_code == 400
    assert field in response.json()
    assert Event.objects.count() == 0


def test_validation_messages_follow_the_language(project, official_a):
    client = token_client(official_a)
    en = client.post(updates_url(project), {"note": "n"}, format="json", HTTP_ACCEPT_LANGUAGE="en")
    zh = client.post(updates_url(project), {"note": "n"}, format="json", HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert en.json()["achieved_quantity"] == ["Give the achieved quantity or the progress percentage."]
    assert zh.json()["achieved_quantity"] != en.json()["achieved_quantity"]


def test_cancelled_project_refuses_updates(official_a, street_a):
    project = ProjectFactory(status=Status.CANCELLED)
    project.sub_districts.add(street_a)
    response = token_client(official_a).post(updates_url(project), {"progress_percent": 5, "note": "n"},
                                             format="json")
    assert response.status_code == 400


def test_dashboard_json(api_client, project):
    body = api_client.get("/api/v1/dashboard/?year=2024").json()
    assert body["year"] == 2024
    assert body["projects"][0]["target_quantity"] == 11000
    assert "facilities" in body
    assert api_client.get("/api/v1/dashboard/?year=abc").status_code == 400


def _png(name="p.png"):
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "green").save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def test_update_with_photos(project, official_a, api_client):
    response = token_client(official_a).post(
        updates_url(project), {"progress_percent": "12.5", "note": "现场照片", "photos": [_png(), _png("b.png")]},
        format="multipart",
    )
    assert response.status_code == 201, response.json()
    assert len(response.json()["photos"]) == 2
    html = api_client.get(f"/projects/{project.pk}/").content.decode()
    assert html.count("<img ") == 2


def test_update_rejects_a_non_image(project, official_a):
    from django.core.files.uploadedfile import SimpleUploadedFile

    fake = SimpleUploadedFile("x.png", b"not an image", content_type="image/png")
    response = token_client(official_a).post(
        updates_url(project), {"progress_percent": "5", "note": "n", "photos": [fake]}, format="multipart"
    )
    assert response.status_code == 400
    assert "photos" in response.json()


def test_updates_list_query_count_is_constant(api_client, project, django_assert_max_num_queries):
    from .factories import ProgressUpdateFactory

    for _ in range(30):
        ProgressUpdateFactory(project=project)
    with django_assert_max_num_queries(4):
        body = api_client.get(updates_url(project) + "?page_size=100").json()
    assert body["count"] == 30
