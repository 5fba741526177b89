"""The report pages: list with filters and pagination, a report's page (public history, no
personal data, private points rounded), the form with the duplicate check ("me too" offered
first), rating, limits; all without JavaScript."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from PIL import Image

from apps.notices.models import Notice
from apps.reports import services
from apps.reports.models import Report, ReportFollow, Status

from .conftest import POINT

CONTACT = {"contact_name": "王小明", "contact_phone": "13800138000", "contact_email": "wang.xm@example.com"}
SECRETS = ("王小明", "13800138000", "138****8000", "wang.xm")


def submitted(**kwargs):
    values = {"category": "street-lighting", "description": "路灯不亮已经三天了", "lat": POINT[0], "lon": POINT[1]}
    values.update(kwargs)
    return services.report_submit(**values)


def form(**extra):
    data = {"category": "street-lighting", "description": "路灯不亮已经三天了", "lat": str(POINT[0]),
            "lon": str(POINT[1]), "crs": "wgs84"}
    data.update(extra)
    return data


@pytest.fixture
def client():
    return Client()


def test_list_shows_reports_without_personal_data(community, client):
    report = submitted(**CONTACT)
    response = client.get("/reports/")
    assert response.status_code == 200
    html = response.content.decode()
    assert report.reference in html and "路灯不亮" in html
    assert 'lang="zh-Hans"' in html and 'href="/reports/new/"' in html
    for secret in SECRETS:
        assert secret not in html
    detail = client.get(f"/reports/{report.pk}/").content.decode()
    assert "路灯不亮已经三天了" in detail
    for secret in SECRETS:
        assert secret not in detail


def test_list_filters_and_bad_filter(community, other_community, client):
    a = submitted()
    b = submitted(lat=other_community.lat, lon=other_community.lon, description="汉正街的路灯坏了")
    html = client.get("/reports/", {"street": other_community.sub_district_id}).content.decode()
    assert b.reference in html and a.reference not in html
    html = client.get("/reports/", {"status": "resolved"}).content.decode()
    assert a.reference not in html
    response = client.get("/reports/", {"date_from": "not a date"})
    assert response.status_code == 400 and 'role="alert"' in response.content.decode()


def test_list_paginates_with_the_shared_links(community, client):
    reports = [submitted() for _ in range(22)]
    html = client.get("/reports/").content.decode()
    assert reports[-1].reference in html and reports[0].reference not in html
    assert 'rel="next"' in html
    second = client.get("/reports/", {"page": 2}).content.decode()
    assert reports[0].reference in second


def test_detail_history_answers_and_rounded_private_point(community, official, client):
    report = submitted(lat=30.58037, lon=114.25049, location_private=True)
    services.report_transition(report=report, to_status=Status.ACKNOWLEDGED, actor=official,
                               public_answer="已派人查看", internal_note="内部备注")
    services.report_answer(report=report, actor=official, public_answer="明天上午更换灯泡", internal_note="备注二")
    html = client.get(f"/reports/{report.pk}/").content.decode()
    assert "已派人查看" in html and "内部备注" not in html
    assert "明天上午更换灯泡" in html and "备注二" not in html  # an answer without a status change too
    history = client.get(f"/api/v1/reports/{report.pk}/").json()["history"]
    assert [h["action"] for h in history] == ["submitted", "status", "answered"]
    assert history[-1]["public_answer"] == "明天上午更换灯泡"
    assert "30.58037" not in html and "114.25049" not in html and "30.58000" in html
    Report.objects.filter(pk=report.pk).update(hidden=True)
    assert client.get(f"/reports/{report.pk}/").status_code == 404


def test_english_page(community, client):
    report = submitted()
    html = client.get(f"/reports/{report.pk}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Street light out" in html and "Progress and answers" in html
    form_html = client.get("/reports/new/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Up to 5 JPEG or PNG photos" in form_html and "照片" not in form_html


def test_new_report_from_the_form(community, client):
    assert client.get("/reports/new/").status_code == 200
    response = client.post("/reports/new/", form(**CONTACT))
    report = Report.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/reports/{report.pk}/"
    assert report.contact_phone == "13800138000" and report.source == "web"


def test_new_report_by_community_picker(community, client):
    response = client.post("/reports/new/", form(lat="", lon="", community=str(community.pk)))
    assert response.status_code == 302
    assert Report.objects.get().community == community


def test_signed_in_reporter_follows(community, resident, client):
    client.force_login(resident)
    client.post("/reports/new/", form())
    assert ReportFollow.objects.filter(user=resident, report=Report.objects.get()).exists()


@pytest.mark.parametrize(("extra", "field_message"), [
    ({"lat": "39.9", "lon": "116.4"}, "硚口区"),
    ({"description": "坏"}, "至少5个字"),
    ({"contact_phone": "12345"}, "手机"),
    ({"lat": "", "lon": ""}, "社区"),
    ({"category": ""}, "该字段是必填项"),
])
def test_bad_input_shows_the_field_error(community, client, extra, field_message):
    response = client.post("/reports/new/", form(**extra))
    assert response.status_code == 400
    html = response.content.decode()
    assert 'class="errorlist"' in html and field_message in html, html[html.find("errorlist") - 200:][:800]
    assert not Report.objects.exists()


def test_duplicate_check_offers_me_too_first(community, client):
    existing = submitted(lat=POINT[0] + 0.0002, lon=POINT[1])  # about 22 m away
    response = client.post("/reports/new/", form())
    assert response.status_code == 200
    html = response.content.decode()
    assert existing.reference in html and f'action="/reports/{existing.pk}/support/"' in html
    assert 'name="confirm_new" value="True"' in html
    assert Report.objects.count() == 1
    # "me too" instead
    response = client.post(f"/reports/{existing.pk}/support/")
    assert response.status_code == 302
    existing.refresh_from_db()
    assert existing.supporters_count == 1
    # or a new one after all
    response = client.post("/reports/new/", form(confirm_new="True"))
    assert response.status_code == 302 and Report.objects.count() == 2


def test_duplicate_far_away_or_other_category_is_not_offered(community, client):
    submitted(lat=POINT[0] + 0.001, lon=POINT[1])  # about 110 m
    submitted(category="litter")
    assert client.post("/reports/new/", form()).status_code == 302


def test_duplicate_on_the_same_facility(community, charger, client):
    existing = submitted(category="charger-out-of-order", facility_id=charger.pk, lat=None, lon=None)
    data = {"category": "charger-out-of-order", "description": "充电桩不能充电", "facility": str(charger.pk)}
    html = client.post("/reports/new/", data).content.decode()
    assert existing.reference in html


def test_facility_form_is_prefilled_with_its_categories(community, charger, client):
    html = client.get(f"/reports/new/?facility={charger.pk}").content.decode()
    assert f'name="facility" value="{charger.pk}"' in html
    assert 'value="charger-out-of-order"' in html and 'value="canteen-closed"' not in html
    assert 'value="other"' in html
    response = client.post("/reports/new/", {"category": "charger-out-of-order", "description": "充电桩不能充电",
                                             "facility": str(charger.pk)})
    assert response.status_code == 302
    assert Report.objects.get().facility == charger


def test_photo_upload(community, client):
    out = io.BytesIO()
    Image.new("RGB", (40, 30), "blue").save(out, "JPEG")
    photo = SimpleUploadedFile("p.jpg", out.getvalue(), content_type="image/jpeg")
    response = client.post("/reports/new/", {**form(), "photos": [photo]})
    assert response.status_code == 302
    assert Report.objects.get().photos.count() == 1
    bad = SimpleUploadedFile("p.jpg", b"GIF89a not a photo", content_type="image/jpeg")
    response = client.post("/reports/new/", {**form(confirm_new="True"), "photos": [bad]})
    assert response.status_code == 400 and "JPEG" in response.content.decode()


def test_submitting_is_limited(community, client, throttle_rate):
    throttle_rate("report_submit", "1/hour")
    assert client.post("/reports/new/", form()).status_code == 302
    response = client.post("/reports/new/", form(confirm_new="True"))
    assert response.status_code == 429 and int(response["Retry-After"]) > 0
    assert Report.objects.count() == 1


def test_me_too_is_limited(community, client, throttle_rate):
    throttle_rate("report_support", "1/hour")
    a, b = submitted(), submitted()
    assert client.post(f"/reports/{a.pk}/support/").status_code == 302
    response = client.post(f"/reports/{b.pk}/support/")
    assert response.status_code == 429 and response["Retry-After"]


def test_me_too_once_per_visitor(community, client):
    report = submitted()
    client.post(f"/reports/{report.pk}/support/")
    client.post(f"/reports/{report.pk}/support/")
    report.refresh_from_db()
    assert report.supporters_count == 1
    assert "您已经表示过" in client.get(f"/reports/{report.pk}/").content.decode()


def test_rating_form_for_the_reporter_after_resolution(community, resident, other_user, official, client):
    report = submitted(reporter=resident)
    client.force_login(resident)
    assert 'name="rating"' not in client.get(f"/reports/{report.pk}/").content.decode()
    services.report_transition(report=report, to_status=Status.RESOLVED, actor=official, public_answer="路灯已经修好了")
    assert 'name="rating"' in client.get(f"/reports/{report.pk}/").content.decode()
    other = Client()
    other.force_login(other_user)
    assert 'name="rating"' not in other.get(f"/reports/{report.pk}/").content.decode()
    assert other.post(f"/reports/{report.pk}/rate/", {"rating": "satisfied"}).status_code == 403
    response = client.post(f"/reports/{report.pk}/rate/", {"rating": "dissatisfied", "comment": "还是不亮"})
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == Status.IN_PROGRESS and report.reopen_count == 1
    html = client.get(f"/reports/{report.pk}/").content.decode()
    assert "还是不亮" not in html and 'name="rating"' not in html
    assert Client().post(f"/reports/{report.pk}/rate/", {"rating": "satisfied"}).status_code == 302  # to sign in


def test_navigation_has_the_reports_page(client, db):
    assert 'href="/reports/"' in client.get("/reports/").content.decode()


def test_query_counts(community, official, client, django_assert_max_num_queries):
    for _ in range(5):
        report = submitted()
        services.report_transition(report=report, to_status=Status.ACKNOWLEDGED, actor=official, public_answer="已受理")
    with django_assert_max_num_queries(6):
        assert client.get("/reports/").status_code == 200
    with django_assert_max_num_queries(6):
        assert client.get(f"/reports/{report.pk}/").status_code == 200


def test_a_hidden_report_is_still_shown_to_its_reporter(community, resident, client):
    report = submitted(reporter=resident)
    Report.objects.filter(pk=report.pk).update(hidden=True)
    assert client.get(f"/reports/{report.pk}/").status_code == 404
    client.force_login(resident)
    response = client.get(f"/reports/{report.pk}/")
    assert response.status_code == 200 and "只有您能看到" in response.content.decode()
    assert report.reference not in client.get("/reports/").content.decode()


def test_form_prefilled_from_a_point_on_a_map(community, client):
    html = client.get("/reports/new/?lat=30.5801&lon=114.2502&crs=gcj02&category=litter").content.decode()
    assert 'value="30.5801"' in html and 'value="114.2502"' in html
    assert '<option value="gcj02" selected>' in html and '<option value="litter" selected>' in html


def test_follow_and_unfollow_from_the_report_page(community, resident, other_user, official, client):
    report = submitted(reporter=other_user)
    client.force_login(resident)
    html = client.get(f"/reports/{report.pk}/").content.decode()
    assert f'action="/reports/{report.pk}/follow/"' in html and 'value="follow"' in html
    response = client.post(f"/reports/{report.pk}/follow/", {"action": "follow"})
    assert response.status_code == 302 and response["Location"] == f"/reports/{report.pk}/"
    assert ReportFollow.objects.filter(report=report, user=resident).count() == 1
    # twice is once (idempotent); the page now offers to stop
    client.post(f"/reports/{report.pk}/follow/", {"action": "follow"})
    assert ReportFollow.objects.filter(report=report, user=resident).count() == 1
    html = client.get(f"/reports/{report.pk}/").content.decode()
    assert 'value="unfollow"' in html and "您已关注这条反映" in html
    # a follower hears of the answer (apps.notices)
    services.report_transition(report=report, to_status=Status.ACKNOWLEDGED, actor=official, public_answer="已受理")
    assert Notice.objects.filter(recipient=resident, channel="in_app", event__kind="reports.status").count() == 1
    assert client.post(f"/reports/{report.pk}/follow/", {"action": "unfollow"}).status_code == 302
    assert client.post(f"/reports/{report.pk}/follow/", {"action": "unfollow"}).status_code == 302
    assert not ReportFollow.objects.filter(report=report, user=resident).exists()
    assert 'value="follow"' in client.get(f"/reports/{report.pk}/").content.decode()


def test_reporter_may_stop_following(community, resident, client):
    report = submitted(reporter=resident)
    client.force_login(resident)
    assert 'value="unfollow"' in client.get(f"/reports/{report.pk}/").content.decode()
    client.post(f"/reports/{report.pk}/follow/", {"action": "unfollow"})
    assert not ReportFollow.objects.filter(report=report).exists()


def test_anonymous_visitor_is_asked_to_sign_in_to_follow(community, client):
    report = submitted()
    html = client.get(f"/reports/{report.pk}/").content.decode()
    assert "登录后关注这条反映" in html and f"next=%2Freports%2F{report.pk}%2F" in html
    assert f'action="/reports/{report.pk}/follow/"' not in html
    response = client.post(f"/reports/{report.pk}/follow/", {"action": "follow"})
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    assert not ReportFollow.objects.exists()


@pytest.mark.parametrize("data", [{}, {"action": "subscribe"}, {"action": ""}])
def test_follow_with_bad_input_is_400(community, resident, client, data):
    report = submitted()
    client.force_login(resident)
    response = client.post(f"/reports/{report.pk}/follow/", data)
    assert response.status_code == 400 and "关注" in response.content.decode()
    assert not ReportFollow.objects.exists()


def test_follow_needs_post_csrf_and_a_visible_report(community, resident, other_user):
    report = submitted(reporter=other_user)
    hidden = submitted(reporter=other_user)
    Report.objects.filter(pk=hidden.pk).update(hidden=True)
    client = Client(enforce_csrf_checks=True)
    client.force_login(resident)
    assert client.get(f"/reports/{report.pk}/follow/").status_code == 405
    assert client.post(f"/reports/{report.pk}/follow/", {"action": "follow"}).status_code == 403  # no CSRF token
    relaxed = Client()
    relaxed.force_login(resident)
    assert relaxed.post(f"/reports/{hidden.pk}/follow/", {"action": "follow"}).status_code == 404
    assert relaxed.post("/reports/999999/follow/", {"action": "follow"}).status_code == 404
    assert not ReportFollow.objects.filter(user=resident).exists()


def test_signed_in_report_page_query_count(community, resident, client, django_assert_max_num_queries):
    report = submitted()
    client.force_login(resident)
    client.get(f"/reports/{report.pk}/")
    with django_assert_max_num_queries(9):
        assert client.get(f"/reports/{report.pk}/").status_code == 200


def test_map_points_follow_the_list_filters_without_personal_data(community, other_community, client):
    a = submitted(**CONTACT)
    private = submitted(lat=30.58123, lon=114.25087, location_private=True, description="这里的路灯不亮了")
    b = submitted(lat=other_community.lat, lon=other_community.lon, description="汉正街的路灯坏了")
    html = client.get("/reports/", {"street": other_community.sub_district_id, "cursor": "x"}).content.decode()
    assert f'data-geojson-url="/reports/map.geojson?street={other_community.sub_district_id}"' in html
    response = client.get("/reports/map.geojson")
    assert response.status_code == 200 and response["Content-Type"] == "application/geo+json"
    body = response.json()
    assert body["type"] == "FeatureCollection" and body["truncated"] is False
    features = {f["properties"]["id"]: f for f in body["features"]}
    assert set(features) == {a.pk, b.pk, private.pk}
    assert features[a.pk]["properties"]["url"] == f"/reports/{a.pk}/"
    assert features[a.pk]["properties"]["name"] == f"{a.reference} 路灯不亮"
    assert features[a.pk]["properties"]["kind_label"] == "已提交"
    # a private report's point is rounded (about 100 m), never the exact one
    private.refresh_from_db()
    assert features[private.pk]["geometry"]["coordinates"] == [private.public_lon, private.public_lat]
    assert [private.lon, private.lat] != [private.public_lon, private.public_lat]
    text = response.content.decode()
    for secret in (*SECRETS, "30.58123", "114.25087", "路灯不亮已经三天了"):
        assert secret not in text
    street = client.get("/reports/map.geojson", {"street": other_community.sub_district_id}).json()
    assert [f["id"] for f in street["features"]] == [b.pk]
    assert client.get("/reports/map.geojson", {"status": "resolved"}).json()["features"] == []
    assert len(client.get("/reports/map.geojson", {"category": "street-lighting", "kind": ""}).json()["features"]) == 3
    assert client.get("/reports/map.geojson", {"date_from": "2099-01-01"}).json()["features"] == []


def test_map_leaves_hidden_reports_out_and_is_bounded(community, client, monkeypatch):
    from apps.reports import views

    shown = [submitted() for _ in range(3)]
    hidden = submitted()
    Report.objects.filter(pk=hidden.pk).update(hidden=True)
    monkeypatch.setattr(views, "MAP_MAX_POINTS", 2)
    body = client.get("/reports/map.geojson").json()
    assert body["truncated"] is True and [f["id"] for f in body["features"]] == [shown[2].pk, shown[1].pk]


@pytest.mark.parametrize("params", [{"status": "nope"}, {"date_from": "yesterday"}, {"street": "999999"}])
def test_map_with_bad_filters_is_400(community, client, params):
    submitted()
    response = client.get("/reports/map.geojson", params)
    assert response.status_code == 400 and response.json()["features"] == []
    assert list(response.json()["errors"]) == [next(iter(params))]


def test_map_query_count(community, client, django_assert_max_num_queries):
    for _ in range(5):
        submitted()
    with django_assert_max_num_queries(2):
        assert len(client.get("/reports/map.geojson").json()["features"]) == 5
    with django_assert_max_num_queries(4):
        assert client.get("/reports/map.geojson", {"category": "street-lighting", "street": community.sub_district_id}).status_code == 200
