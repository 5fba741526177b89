"""The parking operator API: the shared operator rules (apps.accounts.operators) with car
parks: only an operator's own car parks, and of those the token's; stale counts mean nothing."""

import datetime as dt

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from apps.parking import services
from apps.parking.models import CarPark, FreeSpacesReport
from tests.charging.factories import OperatorAccountFactory as ChargingAccountFactory

from .factories import CarParkFactory, ParkingOperatorAccountFactory, reported

pytestmark = pytest.mark.django_db


def url(car_park):
    return f"/api/v1/parking/operator/car-parks/{car_park.pk}/free-spaces/"


@pytest.fixture
def account():
    return ParkingOperatorAccountFactory()


def token_client(account, car_parks=()):
    client = APIClient()
    _scope, key = services.OPERATORS.issue(operator=account.operator, user=account.user, facilities=car_parks)
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client


def test_operator_reports_free_spaces_of_own_car_park(account):
    car_park = CarParkFactory(operator=account.operator)
    response = token_client(account).post(url(car_park), {"free_spaces": 37}, format="json")
    assert response.status_code == 200, response.content
    assert response.json()["free_spaces"] == 37 and response.json()["applied"] is True
    car_park.refresh_from_db()
    assert car_park.free_spaces == 37 and car_park.live_free_spaces() == 37
    assert FreeSpacesReport.objects.get().reported_by == account.user
    # the live count writes no change-history row (the report log keeps every count)
    assert car_park.history.count() == 1


def test_other_operators_car_park_is_404(account):
    other = CarParkFactory()
    assert token_client(account).post(url(other), {"free_spaces": 3}, format="json").status_code == 404
    other.refresh_from_db()
    assert other.free_spaces is None


def test_token_scoped_to_some_car_parks_reaches_only_those(account):
    mine, also_mine = CarParkFactory(operator=account.operator), CarParkFactory(operator=account.operator)
    client = token_client(account, car_parks=[mine])
    assert client.post(url(mine), {"free_spaces": 1}, format="json").status_code == 200
    assert client.post(url(also_mine), {"free_spaces": 1}, format="json").status_code == 404
    listed = client.get("/api/v1/parking/operator/car-parks/").json()["results"]
    assert [row["id"] for row in listed] == [mine.pk]


def test_a_charging_operator_token_reaches_no_car_park(account):
    """The token kind is shared; the scope is per kind: a charging scope opens no car park."""
    charging = ChargingAccountFactory(user=account.user)
    from apps.charging import services as charging_services

    _scope, key = charging_services.operator_token_issue(operator=charging.operator, user=account.user)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    car_park = CarParkFactory(operator=account.operator)
    assert client.post(url(car_park), {"free_spaces": 1}, format="json").status_code == 404
    assert client.get("/api/v1/parking/operator/car-parks/").json()["results"] == []


def test_a_resident_sign_in_token_is_refused(auth_client):
    assert auth_client.post(url(CarParkFactory()), {"free_spaces": 1}, format="json").status_code == 401


def test_signed_in_user_without_parking_account_is_403(client, user):
    client.force_login(user)
    car_park = CarParkFactory()
    response = client.post(url(car_park), {"free_spaces": 1}, content_type="application/json")
    assert response.status_code == 403


def test_unauthenticated_is_401(api_client):
    assert api_client.post(url(CarParkFactory()), {"free_spaces": 1}, format="json").status_code == 401


@pytest.mark.parametrize("body,field", [
    ({}, "free_spaces"), ({"free_spaces": -1}, "free_spaces"), ({"free_spaces": 101}, "free_spaces"),
    ({"free_spaces": "many"}, "free_spaces"),
    ({"free_spaces": 1, "reported_at": "2999-01-01T00:00:00+08:00"}, "reported_at"),
    ({"free_spaces": 1, "reported_at": "yesterday"}, "reported_at"),
])
def test_bad_input_is_400_naming_the_field(account, body, field):
    car_park = CarParkFactory(operator=account.operator, spaces_total=100)
    response = token_client(account).post(url(car_park), body, format="json", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert field in response.json()


def test_an_older_report_is_kept_but_not_applied(account):
    car_park = CarParkFactory(operator=account.operator)
    client = token_client(account)
    client.post(url(car_park), {"free_spaces": 10}, format="json")
    earlier = (timezone.now() - dt.timedelta(minutes=5)).isoformat()
    response = client.post(url(car_park), {"free_spaces": 90, "reported_at": earlier}, format="json")
    assert response.json()["applied"] is False
    car_park.refresh_from_db()
    assert car_park.free_spaces == 10
    assert FreeSpacesReport.objects.filter(car_park=car_park).count() == 2


def test_a_stale_count_means_unknown_everywhere(client, settings):
    settings.PARKING_FREE_SPACES_MAX_AGE_MINUTES = 30
    fresh = reported(CarParkFactory(), 12, minutes_ago=29)
    stale = reported(CarParkFactory(), 12, minutes_ago=31)
    by_id = {row["id"]: row for row in client.get("/api/v1/car-parks/").json()["results"]}
    assert by_id[fresh.pk]["free_spaces"] == 12
    assert by_id[stale.pk]["free_spaces"] is None
    available = {row["id"] for row in client.get("/api/v1/car-parks/?available=1").json()["results"]}
    assert available == {fresh.pk}
    nearby = client.get("/api/v1/nearby/?lat=30.58&lon=114.25&kind=parking").json()["results"]
    by_id = {row["id"]: row for row in nearby}
    assert by_id[fresh.pk]["free_spaces"] == 12 and by_id[fresh.pk]["availability"]["available"] is True
    assert by_id[stale.pk]["free_spaces"] is None and by_id[stale.pk]["availability"]["available"] is None
    assert {row["id"] for row in client.get(
        "/api/v1/nearby/?lat=30.58&lon=114.25&available=1&kind=parking").json()["results"]} == {fresh.pk}


def test_operator_token_management(client, account):
    mine = CarParkFactory(operator=account.operator)
    foreign = CarParkFactory()
    client.force_login(account.user)
    response = client.post("/api/v1/parking/operator/tokens/", {"name": "gate", "car_parks": [foreign.pk]},
                           content_type="application/json")
    assert response.status_code == 400 and "car_parks" in response.json()
    response = client.post("/api/v1/parking/operator/tokens/", {"name": "gate", "car_parks": [mine.pk]},
                           content_type="application/json")
    assert response.status_code == 201
    created = response.json()
    assert created["car_parks"] == [mine.pk] and created["token"]
    rotated = client.post(f"/api/v1/parking/operator/tokens/{created['id']}/rotate/")
    assert rotated.status_code == 201
    machine = APIClient()
    machine.credentials(HTTP_AUTHORIZATION=f"Token {created['token']}")
    assert machine.post(url(mine), {"free_spaces": 1}, format="json").status_code == 401  # old key
    machine.credentials(HTTP_AUTHORIZATION=f"Token {rotated.json()['token']}")
    assert machine.post(url(mine), {"free_spaces": 1}, format="json").status_code == 200
    new_id = rotated.json()["id"]
    assert client.delete(f"/api/v1/parking/operator/tokens/{new_id}/").status_code == 204
    assert machine.post(url(mine), {"free_spaces": 1}, format="json").status_code == 401
    assert CarPark.objects.get(pk=mine.pk).free_spaces == 1
