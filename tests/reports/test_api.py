"""/api/v1/reports/: public list and detail without personal data, validated creation with
messages naming the field, limits (429 + Retry-After), "me too" and the reporter's rating."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image
from rest_framework.test import APIClient

from apps.reports import services
from apps.reports.models import Report, ReportFollow, Status
from tests.tokens import token_client

from .conftest import POINT

URL = "/api/v1/reports/"
CONTACT = {"contact_name": "王小明", "contact_phone": "13800138000", "contact_email": "wang.xm@example.com"}


def body(**extra):
    data = {"category": "street-lighting", "description": "路灯不亮已经三天了", "lat": POINT[0], "lon": POINT[1]}
    data.update(extra)
    return data


def submitted(**kwargs):
    values = {"category": "street-lighting", "description": "路灯不亮已经三天了", "lat": POINT[0], "lon": POINT[1]}
    values.update(kwargs)
    return services.report_submit(**values)


def png() -> SimpleUploadedFile:
    out = io.BytesIO()
    Image.new("RGB", (40, 30), "red").save(out, "PNG")
    return SimpleUploadedFile("lamp.png", out.getvalue(), content_type="image/png")


def test_anonymous_report_is_created_and_listed_without_contact(community, api_client):
    response = api_client.post(URL, body(**CONTACT), format="json")
    assert response.status_code == 201, response.content
    data = response.json()
    assert data["status"] == "submitted" and data["category"] == "street-lighting"
    assert data["sub_district"]["id"] == community.sub_district_id
    assert data["history"][0]["status"] == "submitted"
    listed = api_client.get(URL).json()
    assert listed["count"] == 1 and listed["results"][0]["id"] == data["id"]
    for text in (response.content.decode(), api_client.get(URL).content.decode(),
                 api_client.get(f"{URL}{data['id']}/").content.decode()):
        for secret in ("王小明", "13800138000", "138****8000", "wang.xm", "contact"):
            assert secret not in text


def test_signed_in_reporter_follows_the_report(community, resident):
    response = token_client(resident).post(URL, body(), format="json")
    assert response.status_code == 201
    assert ReportFollow.objects.filter(report_id=response.json()["id"], user=resident).exists()


def test_private_location_is_rounded(community, api_client):
    response = api_client.post(URL, body(lat=30.58037, lon=114.25049, location_private=True), format="json")
    data = response.json()
    assert (data["lat"], data["lon"]) == (30.58, 114.25)
    assert Report.objects.get(pk=data["id"]).lat == pytest.approx(30.58037)


def test_gcj02_point_is_read(community, api_client):
    from apps.places.crs import from_wgs84

    glat, glon = from_wgs84("gcj02", *POINT)
    response = api_client.post(URL, body(lat=glat, lon=glon, crs="gcj02"), format="json")
    assert response.status_code == 201
    assert Report.objects.get().lat == pytest.approx(POINT[0], abs=1e-6)


@pytest.mark.parametrize(("extra", "field"), [
    ({"lat": 39.9, "lon": 116.4}, "lat"),
    ({"lat": "abc"}, "lat"),
    ({"category": "no-such"}, "category"),
    ({"description": "坏"}, "description"),
    ({"contact_phone": "12345"}, "contact_phone"),
    ({"contact_email": "x@"}, "contact_email"),
    ({"lat": None, "lon": None}, "lat"),
    ({"crs": "mars"}, "crs"),
    ({"facility": 999999}, "facility"),
])
def test_bad_input_is_400_naming_the_field_in_chinese(community, api_client, extra, field):
    response = api_client.post(URL, body(**extra), format="json")
    assert response.status_code == 400, response.content
    assert field in response.json()
    message = " ".join(response.json()[field])
    assert any("\u4e00" <= ch <= "\u9fff" for ch in message), message
    assert not Report.objects.exists()


def test_messages_follow_accept_language(community, api_client):
    response = api_client.post(URL, body(description="x"), format="json", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert "at least 5 characters" in response.json()["description"][0]


def test_charger_category_on_a_charger_and_kind_mismatch(community, charger, api_client):
    response = api_client.post(URL, {"category": "charger-out-of-order", "description": "充电桩坏了不能用",
                                     "facility": charger.pk}, format="json")
    assert response.status_code == 201, response.content
    assert response.json()["facility"] == charger.pk and response.json()["kind"] == "charging"
    response = api_client.post(URL, {"category": "canteen-closed", "description": "食堂关门了啊",
                                     "facility": charger.pk}, format="json")
    assert response.status_code == 400 and "category" in response.json()


def test_photos_by_multipart(community, api_client):
    response = api_client.post(URL, {**body(), "photos": [png()]}, format="multipart")
    assert response.status_code == 201, response.content
    assert len(response.json()["photos"]) == 1
    fake = SimpleUploadedFile("x.png", b"not an image at all", content_type="image/png")
    response = api_client.post(URL, {**body(), "photos": [fake]}, format="multipart")
    assert response.status_code == 400 and "photos" in response.json()


def test_submitting_is_limited_with_retry_after(community, throttle_rate):
    throttle_rate("report_submit", "2/hour")
    client = APIClient()
    assert [client.post(URL, body(), format="json").status_code for _ in range(3)] == [201, 201, 429]
    response = client.post(URL, body(), format="json")
    assert response.status_code == 429 and int(response["Retry-After"]) > 0
    assert Report.objects.count() == 2
    assert client.get(URL).status_code == 200  # reading is not limited


def test_filters(community, other_community, charger, api_client):
    a = submitted()
    b = submitted(lat=other_community.lat, lon=other_community.lon)
    c = submitted(category="charger-out-of-order", facility_id=charger.pk, lat=None, lon=None)

    def ids(**params):
        response = api_client.get(URL, params)
        assert response.status_code == 200, response.content
        return {r["id"] for r in response.json()["results"]}

    assert ids() == {a.pk, b.pk, c.pk}
    assert ids(street=other_community.sub_district_id) == {b.pk}
    assert ids(kind="charging") == {c.pk}
    assert ids(category="street-lighting") == {a.pk, b.pk}
    assert ids(status="resolved") == set()
    today = a.created_at.astimezone(services.submit.working_time.BEIJING).date()
    assert ids(date_from=today.isoformat(), date_to=today.isoformat()) == {a.pk, b.pk, c.pk}
    assert ids(date_to="2000-01-01") == set()
    response = api_client.get(URL, {"status": "nonsense"})
    assert response.status_code == 400 and "status" in response.json()
    response = api_client.get(URL, {"date_from": "yesterday"})
    assert response.status_code == 400 and "date_from" in response.json()


def test_pagination_and_hidden_reports(community, api_client):
    reports = [submitted() for _ in range(5)]
    Report.objects.filter(pk=reports[0].pk).update(hidden=True)
    first = api_client.get(URL, {"page_size": 2}).json()
    assert first["count"] == 4 and len(first["results"]) == 2 and first["next"]
    assert [r["id"] for r in first["results"]] == [reports[4].pk, reports[3].pk]
    assert api_client.get(f"{URL}{reports[0].pk}/").status_code == 404
    assert api_client.get(URL, {"page_size": 0}).status_code == 400


def test_me_too_once_per_account_and_per_address(community, resident, other_user, throttle_rate):
    report = submitted(reporter=resident)
    url = f"{URL}{report.pk}/support/"
    assert token_client(resident).post(url).json() == {"counted": False, "supporters_count": 0}  # own report
    response = token_client(other_user).post(url)
    assert response.status_code == 201 and response.json()["supporters_count"] == 1
    assert token_client(other_user).post(url).status_code == 200
    assert ReportFollow.objects.filter(report=report, user=other_user).exists()
    anonymous = APIClient()
    assert anonymous.post(url).status_code == 201
    assert anonymous.post(url).json() == {"counted": False, "supporters_count": 2}
    throttle_rate("report_support", "1/hour")
    limited = APIClient(REMOTE_ADDR="10.0.0.9")
    assert limited.post(url).status_code == 201
    response = limited.post(url)
    assert response.status_code == 429 and response["Retry-After"]


def test_me_too_on_a_closed_report_is_400(community, official, api_client):
    report = submitted()
    services.report_transition(report=report, to_status=Status.CLOSED, actor=official, public_answer="重复的报告已合并")
    response = api_client.post(f"{URL}{report.pk}/support/")
    assert response.status_code == 400 and "report" in response.json()


def test_rating_by_the_reporter_only(community, resident, other_user, official, api_client):
    report = submitted(reporter=resident)
    url = f"{URL}{report.pk}/rate/"
    assert api_client.post(url, {"rating": "satisfied"}).status_code in (401, 403)
    response = token_client(resident).post(url, {"rating": "satisfied"}, format="json")
    assert response.status_code == 400 and "rating" in response.json()  # not resolved yet
    services.report_transition(report=report, to_status=Status.RESOLVED, actor=official, public_answer="路灯已经修好")
    assert token_client(other_user).post(url, {"rating": "satisfied"}, format="json").status_code == 403
    assert token_client(resident).post(url, {"rating": "great"}, format="json").status_code == 400
    response = token_client(resident).post(url, {"rating": "dissatisfied", "comment": "还是不亮"}, format="json")
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "in_progress"
    assert "还是不亮" not in response.content.decode()  # the comment is for the officials


def test_detail_shows_public_history_and_no_internal_note(community, official, api_client):
    report = submitted()
    services.report_transition(report=report, to_status=Status.ACKNOWLEDGED, actor=official,
                               public_answer="已受理", internal_note="内部备注不公开")
    data = api_client.get(f"{URL}{report.pk}/").json()
    assert [h["status"] for h in data["history"]] == ["submitted", "acknowledged"]
    assert data["history"][1]["public_answer"] == "已受理"
    assert "内部备注" not in str(data) and data["resolve_due"]


def test_detail_query_count(community, official, api_client, django_assert_max_num_queries):
    report = submitted()
    services.report_transition(report=report, to_status=Status.ACKNOWLEDGED, actor=official, public_answer="已受理")
    with django_assert_max_num_queries(3):
        assert api_client.get(f"{URL}{report.pk}/").status_code == 200


def test_hidden_report_detail_only_for_its_reporter(community, resident, other_user, api_client):
    report = submitted(reporter=resident)
    Report.objects.filter(pk=report.pk).update(hidden=True)
    assert api_client.get(f"{URL}{report.pk}/").status_code == 404
    assert token_client(other_user).get(f"{URL}{report.pk}/").status_code == 404
    assert token_client(resident).get(f"{URL}{report.pk}/").status_code == 200
