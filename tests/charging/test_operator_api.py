import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from apps.charging.models import StatusReport

from .factories import ChargePointFactory, OperatorAccountFactory

pytestmark = pytest.mark.django_db


def url(point):
    return f"/api/v1/charging/operator/charge-points/{point.pk}/status/"


@pytest.fixture
def account():
    return OperatorAccountFactory()


@pytest.fixture
def operator_client(account):
    client = APIClient()
    token, _ = Token.objects.get_or_create(user=account.user)
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client


def test_operator_updates_own_charge_point(operator_client, account):
    point = ChargePointFactory(station__operator=account.operator, status="available")
    response = operator_client.post(url(point), {"status": "charging"}, format="json")
    assert response.status_code == 200
    assert response.json()["status"] == "charging"
    assert response.json()["applied"] is True
    point.refresh_from_db()
    assert point.status == "charging"
    report = StatusReport.objects.get()
    assert report.reported_by == account.user


def test_reported_at_is_recorded(operator_client, account):
    point = ChargePointFactory(station__operator=account.operator, status_reported_at=None)
    response = operator_client.post(url(point), {"status": "out_of_order",
                                                 "reported_at": "2024-12-01T08:00:00+08:00"}, format="json")
    assert response.status_code == 200
    point.refresh_from_db()
    assert point.status_reported_at.isoformat() == "2024-12-01T00:00:00+00:00"


def test_other_operators_charge_point_is_404(operator_client):
    other = ChargePointFactory()
    response = operator_client.post(url(other), {"status": "charging"}, format="json")
    assert response.status_code == 404
    other.refresh_from_db()
    assert other.status == "available"


def test_unauthenticated_is_401(api_client):
    point = ChargePointFactory()
    assert api_client.post(url(point), {"status": "charging"}, format="json").status_code == 401


def test_user_without_operator_account_is_403(auth_client):
    point = ChargePointFactory()
    assert auth_client.post(url(point), {"status": "charging"}, format="json").status_code == 403


@pytest.mark.parametrize("body,field", [
    ({"status": "free"}, "status"), ({}, "status"),
    ({"status": "available", "reported_at": "yesterday"}, "reported_at"),
    ({"status": "available", "reported_at": "2999-01-01T00:00:00+08:00"}, "reported_at"),
])
def test_invalid_input_is_400_naming_the_field(operator_client, account, body, field):
    point = ChargePointFactory(station__operator=account.operator)
    response = operator_client.post(url(point), body, format="json")
    assert response.status_code == 400
    assert field in response.json()


def test_list_own_charge_points_only(operator_client, account):
    mine = ChargePointFactory(station__operator=account.operator)
    ChargePointFactory()
    response = operator_client.get("/api/v1/charging/operator/charge-points/")
    assert response.status_code == 200
    assert [p["id"] for p in response.json()["results"]] == [mine.pk]


def test_status_api_in_schema(api_client):
    schema = api_client.get("/api/schema/", HTTP_ACCEPT="application/json").content.decode()
    assert "/api/v1/charging/operator/charge-points/{id}/status/" in schema
    assert "/api/v1/charging-stations/" in schema
    assert "min_power_kw" in schema
