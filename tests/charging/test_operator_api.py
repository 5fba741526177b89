import pytest
from rest_framework.test import APIClient

from apps.charging import services
from apps.charging.models import StatusReport
from tests.otp import staff_login

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
    _scope, key = services.operator_token_issue(operator=account.operator, user=account.user)
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
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


def test_user_without_operator_account_is_403(client, user):
    # signed in, but not an operator (a sign-in *token* is refused outright: 401, below)
    staff_login(client, user)
    point = ChargePointFactory()
    assert client.post(url(point), {"status": "charging"}, content_type="application/json").status_code == 403


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


TOKENS = "/api/v1/charging/operator/tokens/"


def _session(user):
    client = APIClient()
    staff_login(client, user)
    return client


def _with_key(key):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client


def test_a_residents_sign_in_token_is_refused_by_the_operator_api(account):
    from tests.tokens import token_for

    point = ChargePointFactory(station__operator=account.operator)
    response = _with_key(token_for(account.user)).post(url(point), {"status": "charging"}, format="json")
    assert response.status_code == 401


def test_operator_issues_a_token_scoped_to_some_stations(account):
    mine = ChargePointFactory(station__operator=account.operator)
    other_station_point = ChargePointFactory(station__operator=account.operator)
    created = _session(account.user).post(TOKENS, {"name": "gateway", "stations": [mine.station_id]}, format="json")
    assert created.status_code == 201, created.content
    assert created.json()["stations"] == [mine.station_id]
    machine = _with_key(created.json()["token"])
    assert machine.post(url(mine), {"status": "charging"}, format="json").status_code == 200
    assert machine.post(url(other_station_point), {"status": "charging"}, format="json").status_code == 404
    listed = machine.get("/api/v1/charging/operator/charge-points/").json()["results"]
    assert [row["id"] for row in listed] == [mine.pk]


def test_a_token_cannot_be_scoped_to_another_operators_station(account):
    foreign = ChargePointFactory()
    response = _session(account.user).post(TOKENS, {"stations": [foreign.station_id]}, format="json")
    assert response.status_code == 400
    assert "stations" in response.json()


def test_rotation_gives_a_new_key_and_refuses_the_old_one(account):
    point = ChargePointFactory(station__operator=account.operator)
    manager = _session(account.user)
    old = manager.post(TOKENS, {}, format="json").json()
    rotated = manager.post(f"{TOKENS}{old['id']}/rotate/")
    assert rotated.status_code == 201
    assert rotated.json()["token"] != old["token"]
    assert _with_key(old["token"]).post(url(point), {"status": "charging"}, format="json").status_code == 401
    assert _with_key(rotated.json()["token"]).post(url(point), {"status": "charging"}, format="json").status_code == 200
    assert [row["id"] for row in manager.get(TOKENS).json()["results"]] == [rotated.json()["id"]]


def test_revoked_operator_token_is_refused(account):
    point = ChargePointFactory(station__operator=account.operator)
    manager = _session(account.user)
    created = manager.post(TOKENS, {}, format="json").json()
    assert manager.delete(f"{TOKENS}{created['id']}/").status_code == 204
    assert _with_key(created["token"]).post(url(point), {"status": "charging"}, format="json").status_code == 401


def test_a_machine_token_cannot_manage_tokens(account, operator_client):
    assert operator_client.get(TOKENS).status_code == 401
    assert operator_client.post(TOKENS, {}, format="json").status_code == 401


def test_other_operators_tokens_are_out_of_reach(account):
    other = OperatorAccountFactory()
    theirs = _session(other.user).post(TOKENS, {}, format="json").json()
    manager = _session(account.user)
    assert manager.get(TOKENS).json()["results"] == []
    assert manager.delete(f"{TOKENS}{theirs['id']}/").status_code == 404
    assert manager.post(f"{TOKENS}{theirs['id']}/rotate/").status_code == 404


def test_only_operator_accounts_manage_operator_tokens(user):
    assert _session(user).get(TOKENS).status_code == 403
