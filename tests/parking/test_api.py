import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from apps.parking import services
from tests.charging.factories import StationFactory

from .factories import CarParkFactory, ParkingOperatorAccountFactory, reported

pytestmark = pytest.mark.django_db


def test_list_item_has_the_contract_fields_and_its_own(client):
    station = StationFactory()
    car_park = reported(CarParkFactory(spaces_total=474, accessible_spaces=10, ev_spaces=20, charging_site=station,
                                       tariff="首小时免费", tariff_en="First hour free"), 100)
    item = client.get("/api/v1/car-parks/", HTTP_ACCEPT_LANGUAGE="en").json()["results"][0]
    for field in ("id", "name", "address", "lat", "lon", "street", "community", "url"):
        assert field in item
    assert item["url"].endswith(f"/parking/{car_park.pk}/")
    assert item["spaces_total"] == 474 and item["accessible_spaces"] == 10 and item["ev_spaces"] == 20
    assert item["free_spaces"] == 100 and item["free_spaces_reported_at"]
    assert item["charging_site"] == {"id": station.pk, "url": f"/charging/{station.pk}/"}
    assert item["tariff"] == "First hour free"
    detail = client.get(f"/api/v1/car-parks/{car_park.pk}/").json()
    assert detail["id"] == car_park.pk and detail["tariff"] == "首小时免费"


@pytest.mark.parametrize("query,expected", [
    ("car_park_type=on_street", {"street"}),
    ("car_park_type=underground,multi_storey", {"under", "tall"}),
    ("ev_spaces=1", {"under"}),
    ("ev_spaces=0", {"tall", "street"}),
    ("accessible_spaces=1", {"under", "tall"}),
    ("min_height_m=2.3", {"tall", "street"}),
    ("available=1", {"under"}),
    ("available=0", {"tall", "street"}),
    ("search=地下", {"under"}),
])
def test_filters(client, query, expected):
    parks = {
        "under": reported(CarParkFactory(name="地下车库", ev_spaces=5, height_limit_m=2.2), 3),
        "tall": reported(CarParkFactory(car_park_type="multi_storey", height_limit_m=2.5), 0),
        "street": CarParkFactory(car_park_type="on_street", accessible_spaces=0),
    }
    names = {v.pk: k for k, v in parks.items()}
    results = client.get(f"/api/v1/car-parks/?{query}").json()["results"]
    assert {names[r["id"]] for r in results} == expected


@pytest.mark.parametrize("query,field", [
    ("car_park_type=garage", "car_park_type"), ("available=maybe", "available"), ("min_height_m=99", "min_height_m"),
])
def test_bad_filters_are_400(client, query, field):
    response = client.get(f"/api/v1/car-parks/?{query}", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400 and field in response.json()


def test_operator_list_reads_in_constant_queries():
    account = ParkingOperatorAccountFactory()
    client = APIClient()
    _scope, key = services.OPERATORS.issue(operator=account.operator, user=account.user)
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    CarParkFactory(operator=account.operator)
    client.get("/api/v1/parking/operator/car-parks/")
    for _ in range(5):
        CarParkFactory(operator=account.operator)
    with CaptureQueriesContext(connection) as few:
        first = client.get("/api/v1/parking/operator/car-parks/")
    assert first.json()["count"] == 6
    assert len(few.captured_queries) <= 8


def test_free_spaces_reports_do_not_empty_the_list_caches(client, django_capture_on_commit_callbacks, monkeypatch):
    """A report bumps "parking-live" only: the lists are served from the cache (as of the
    minute), the car park's own page follows at once."""
    from django.utils import timezone

    real_localtime, frozen = timezone.localtime, timezone.localtime()  # the cache's minute stands still
    monkeypatch.setattr("django.utils.timezone.localtime",
                        lambda value=None, timezone=None: real_localtime(frozen if value is None else value, timezone))
    cache.clear()
    account = ParkingOperatorAccountFactory()
    car_park = reported(CarParkFactory(operator=account.operator, spaces_total=50), 7)
    detail = f"/parking/{car_park.pk}/"
    before_list = client.get("/parking/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    before_api = client.get("/api/v1/car-parks/").content
    assert "7 of 50 spaces free" in client.get(detail, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        services.free_spaces_report(car_park=car_park, free_spaces=3, operator=account.operator)
    with CaptureQueriesContext(connection) as queries:
        same_list = client.get("/parking/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
        same_api = client.get("/api/v1/car-parks/").content
    assert not queries.captured_queries  # both from the cache
    strip = lambda page: re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", page)  # noqa: E731
    assert strip(same_list) == strip(before_list) and same_api == before_api
    assert "3 of 50 spaces free" in client.get(detail, HTTP_ACCEPT_LANGUAGE="en").content.decode()
