"""Open311 GeoReport v2: the specification's shapes in JSON and XML, POST with an API token,
errors in the spec's format; and a real GeoReport v2 client library (``georeport`` from
PyPI) reading the live server."""

import datetime as dt
import xml.etree.ElementTree as ET

import pytest
from django.test import Client
from django.utils import timezone

from apps.reports import services
from apps.reports.models import Report, Status

from .conftest import POINT


@pytest.fixture
def client():
    return Client()


def post(client, **data):
    return client.post("/open311/v2/requests.json", data)


def valid(token, **extra):
    data = {"api_key": token, "service_code": "street-lighting", "lat": POINT[0], "long": POINT[1],
            "description": "路灯不亮已经三天了", "email": "resident@example.com", "phone": "13800138000",
            "first_name": "王", "last_name": "小明"}
    data.update(extra)
    return data


def test_discovery_lists_the_endpoint(client):
    data = client.get("/open311/v2/discovery.json").json()
    assert data["endpoints"][0]["specification"] == "http://wiki.open311.org/GeoReport_v2"
    root = ET.fromstring(client.get("/open311/v2/discovery.xml").content)
    assert root.tag == "discovery" and root.find("endpoints/endpoint/url").text.endswith("/open311/v2/")


def test_services_have_the_spec_fields_in_json_and_xml(client):
    data = client.get("/open311/v2/services.json").json()
    codes = {s["service_code"] for s in data}
    assert {"street-lighting", "charger-out-of-order", "canteen-closed", "park-lighting", "other"} <= codes
    for service in data:
        assert set(service) == {"service_code", "service_name", "description", "metadata", "type", "keywords", "group"}
    response = client.get("/open311/v2/services.xml")
    assert response["Content-Type"].startswith("text/xml")
    root = ET.fromstring(response.content)
    assert root.tag == "services"
    assert {s.find("service_code").text for s in root.findall("service")} == codes
    english = client.get("/open311/v2/services.json", HTTP_ACCEPT_LANGUAGE="en").json()
    assert {s["service_name"] for s in english if s["service_code"] == "street-lighting"} == {"Street light out"}


def test_service_definition_and_unknown_code(client):
    data = client.get("/open311/v2/services/charger-out-of-order.json").json()
    assert data["service_code"] == "charger-out-of-order"
    assert [a["code"] for a in data["attributes"]] == ["facility_id", "location_private"]
    root = ET.fromstring(client.get("/open311/v2/services/charger-out-of-order.xml").content)
    assert root.tag == "service_definition"
    assert [a.find("code").text for a in root.findall("attributes/attribute")] == ["facility_id", "location_private"]
    response = client.get("/open311/v2/services/nope.json")
    assert response.status_code == 404 and response.json()[0]["code"] == 404


def test_post_creates_a_request_for_the_token_holder(client, community, resident, resident_token):
    response = post(client, **valid(resident_token))
    assert response.status_code == 201, response.content
    body = response.json()
    report = Report.objects.get(pk=int(body[0]["service_request_id"]))
    assert report.reporter == resident and report.source == "open311"
    assert report.contact_phone == "13800138000" and report.contact_name == "王 小明"
    token = client.get(f"/open311/v2/tokens/{body[0]['token']}.json").json()
    assert token == [{"service_request_id": str(report.pk), "token": body[0]["token"]}]


def test_post_in_xml(client, community, resident_token):
    response = client.post("/open311/v2/requests.xml", valid(resident_token, **{"attribute[location_private]": "true"}))
    assert response.status_code == 201
    root = ET.fromstring(response.content)
    request_id = root.find("request/service_request_id").text
    assert Report.objects.get(pk=request_id).location_private


@pytest.mark.parametrize(("data", "code", "needle"), [
    ({"api_key": ""}, 403, "api_key"),
    ({"api_key": "not-a-token"}, 403, "api_key"),
    ({"service_code": ""}, 400, "service_code"),
    ({"service_code": "nope"}, 404, "service_code"),
    ({"lat": "", "long": ""}, 400, "lat"),
    ({"lat": "39.9", "long": "116.4"}, 400, "lat"),
    ({"description": ""}, 400, "description"),
    ({"phone": "123"}, 400, "phone"),
    ({"media_url": "javascript:alert(1)"}, 400, "media_url"),
    ({"address_string": "火星路1号", "lat": "", "long": ""}, 400, "lat"),
])
def test_post_errors_in_the_spec_format(client, community, resident_token, data, code, needle):
    payload = valid(resident_token, **data)
    if data.get("api_key") == "":
        payload["api_key"] = ""
    response = post(client, **payload)
    assert response.status_code == code
    body = response.json()
    assert body[0]["code"] == code and needle in body[0]["description"]
    assert not Report.objects.exists()
    xml = client.post("/open311/v2/requests.xml", payload)
    assert xml.status_code == code and ET.fromstring(xml.content).find("error/code").text == str(code)


def test_post_by_address_string_finds_the_community(client, community, resident_token):
    response = post(client, **valid(resident_token, lat="", long="", address_string="硚口区宝丰社区3栋门口"))
    assert response.status_code == 201
    assert Report.objects.get().community == community


def test_posting_too_fast_is_429_with_retry_after(client, community, resident_token, throttle_rate):
    throttle_rate("report_submit", "2/hour")
    assert post(client, **valid(resident_token)).status_code == 201
    assert post(client, **valid(resident_token)).status_code == 201
    response = post(client, **valid(resident_token))
    assert response.status_code == 429 and int(response["Retry-After"]) > 0
    assert response.json()[0]["code"] == 429
    assert Report.objects.count() == 2


def test_get_requests_filters_and_hides_personal_data(client, community, official, resident):
    now = timezone.now()
    a = services.report_submit(category="street-lighting", description="路灯不亮已经三天了", lat=30.58046, lon=114.25071,
                               location_private=True, contact_phone="13800138000", contact_name="王小明",
                               reporter=resident, now=now - dt.timedelta(days=2))
    b = services.report_submit(category="litter", description="垃圾堆了好几天", lat=POINT[0], lon=POINT[1],
                               now=now - dt.timedelta(days=1))
    services.report_transition(report=b, to_status=Status.RESOLVED, actor=official, public_answer="已清运干净")
    old = services.report_submit(category="litter", description="很久以前的垃圾", lat=POINT[0], lon=POINT[1],
                                 now=now - dt.timedelta(days=200))
    data = client.get("/open311/v2/requests.json").json()
    assert [r["service_request_id"] for r in data] == [str(b.pk), str(a.pk)]  # default window: 90 days
    text = client.get("/open311/v2/requests.json").content.decode()
    assert "13800138000" not in text and "王小明" not in text and "resident" not in text
    first = {r["service_request_id"]: r for r in data}
    assert (first[str(a.pk)]["lat"], first[str(a.pk)]["long"]) == (30.58, 114.251)
    assert first[str(b.pk)]["status"] == "closed" and first[str(b.pk)]["status_notes"] == "已清运干净"
    assert [r["service_request_id"] for r in client.get("/open311/v2/requests.json?status=open").json()] == [str(a.pk)]
    assert [r["service_request_id"] for r in client.get("/open311/v2/requests.json?service_code=litter").json()] \
        == [str(b.pk)]
    ids = client.get(f"/open311/v2/requests.json?service_request_id={old.pk},{a.pk}").json()
    assert {r["service_request_id"] for r in ids} == {str(old.pk), str(a.pk)}
    start = (now - dt.timedelta(days=300)).strftime("%Y-%m-%dT%H:%M:%SZ")
    end = (now - dt.timedelta(days=100)).strftime("%Y-%m-%dT%H:%M:%SZ")
    ranged = client.get(f"/open311/v2/requests.json?start_date={start}&end_date={end}").json()
    assert [r["service_request_id"] for r in ranged] == [str(old.pk)]
    one = client.get(f"/open311/v2/requests/{a.pk}.json").json()
    assert len(one) == 1 and one[0]["service_code"] == "street-lighting"
    root = ET.fromstring(client.get(f"/open311/v2/requests/{a.pk}.xml").content)
    assert root.tag == "service_requests" and root.find("request/status").text == "open"


@pytest.mark.parametrize("query", ["status=pending", "start_date=yesterday", "service_request_id=abc",
                                   "start_date=2026-02-01T00:00:00Z&end_date=2026-01-01T00:00:00Z"])
def test_get_requests_bad_parameters(client, db, query):
    response = client.get(f"/open311/v2/requests.json?{query}")
    assert response.status_code == 400 and response.json()[0]["code"] == 400


def test_unknown_request_and_wrong_method(client, db):
    assert client.get("/open311/v2/requests/999999.json").status_code == 404
    assert client.delete("/open311/v2/requests.json").status_code == 405
    assert client.get("/open311/v2/tokens/t999999.json").status_code == 404


@pytest.mark.django_db(transaction=True)
def test_a_real_georeport_client_reads_the_server(live_server, community, resident):
    """``georeport`` (PyPI) as an outside client, in JSON and in XML."""
    from georeport import GeoReport

    from apps.reports.categories import categories_sync

    categories_sync()
    report = services.report_submit(category="park-lighting", description="公园的灯坏了两盏", lat=POINT[0], lon=POINT[1],
                                    reporter=resident, contact_phone="13800138000")
    for fmt in ("json", "xml"):
        client = GeoReport(f"{live_server.url}/open311/v2", output_format=fmt)
        services_list = client.get_service_list()
        assert "park-lighting" in {s["service_code"] for s in services_list}
        definition = client.get_service_definition("park-lighting")
        assert definition["service_code"] == "park-lighting"
        fetched = client.get_service_request(str(report.pk))
        assert fetched["service_request_id"] == str(report.pk)
        assert fetched["status"] == "open" and fetched["service_code"] == "park-lighting"
        assert "13800138000" not in str(fetched)
        listed = client.get_service_requests(service_code="park-lighting", status="open")
        listed = listed if isinstance(listed, list) else [listed]  # xmltodict: one element is a dict
        assert [r["service_request_id"] for r in listed] == [str(report.pk)]


def test_operator_and_revoked_tokens_cannot_post(client, community, resident):
    from apps.accounts.services import api_token_issue, api_token_revoke
    from tests.tokens import token_for

    operator_key = token_for(resident, kind="operator")
    assert post(client, **valid(operator_key)).status_code == 403
    token, key = api_token_issue(user=resident, name="revoked")
    api_token_revoke(token=token)
    assert post(client, **valid(key)).status_code == 403
    assert not Report.objects.exists()
