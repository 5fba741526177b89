"""Staff API tokens need the second factor too (issue 18 item 1, the token side).

A staff account (``is_staff`` or superuser) gets a personal API token only by sending a
current code from its confirmed TOTP device with the password (``otp_token``), or by
issuing one from a credential that already passed two-factor (a verified session or such a
token). A staff token issued without a second factor (before this rule, or while the account
was a resident's) is refused. Residents' sign-in is unchanged (CONTRACT §4 Accounts)."""

import pytest
from rest_framework.test import APIClient

from apps.accounts import services
from apps.accounts.models import ApiToken
from tests.otp import current_token, staff_device, staff_login

pytestmark = pytest.mark.django_db

TOKEN = "/api/v1/auth/token/"
TOKENS = "/api/v1/auth/tokens/"
STAFF_API = "/api/v1/auth/tokens/"  # any API a signed-in staff member reaches


def _post(data):
    return APIClient().post(TOKEN, data, format="json", HTTP_ACCEPT_LANGUAGE="en")


def _client(key) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client


def test_staff_password_alone_gets_no_token(staff_user, password):
    staff_device(staff_user)
    response = _post({"username": staff_user.username, "password": password})
    assert response.status_code == 400
    assert "otp_token" in response.json()
    assert not ApiToken.objects.filter(user=staff_user).exists()


def test_superuser_password_alone_gets_no_token(superuser, password):
    response = _post({"username": superuser.username, "password": password})
    assert response.status_code == 400 and "otp_token" in response.json()
    assert not ApiToken.objects.filter(user=superuser).exists()


def test_staff_with_password_and_current_code_gets_a_working_token(staff_user, password):
    device = staff_device(staff_user)
    response = _post({"username": staff_user.username, "password": password, "otp_token": current_token(device)})
    assert response.status_code == 200, response.content
    key = response.json()["token"]
    assert ApiToken.objects.get(prefix=key[:8]).second_factor is True
    assert _client(key).get(STAFF_API).status_code == 200


def test_a_wrong_code_is_refused_and_counted_as_a_failed_sign_in(staff_user, password, settings):
    device = staff_device(staff_user)
    good = current_token(device)
    wrong = f"{(int(good) + 1) % 1_000_000:06d}"
    for _attempt in range(settings.AUTH_FAILURE_LIMIT_PER_USER):
        response = _post({"username": staff_user.username, "password": password, "otp_token": wrong})
        assert response.status_code == 400 and "otp_token" in response.json()
    # locked out now, even with the right code
    locked = _post({"username": staff_user.username, "password": password, "otp_token": current_token(device)})
    assert locked.status_code == 429
    assert not ApiToken.objects.filter(user=staff_user).exists()


def test_a_staff_member_without_a_device_gets_no_token(staff_user, password):
    response = _post({"username": staff_user.username, "password": password, "otp_token": "123456"})
    assert response.status_code == 400 and "otp_token" in response.json()


def test_a_staff_token_issued_without_a_second_factor_is_refused(staff_user):
    """A row from before the rule (the migration leaves every existing token without it)."""
    token, key = services.api_token_issue(user=staff_user, name="old", second_factor=True)
    ApiToken.objects.filter(pk=token.pk).update(second_factor=False)
    refused = _client(key).get(STAFF_API)
    assert refused.status_code == 401


def test_the_service_issues_no_staff_token_without_a_second_factor(staff_user):
    with pytest.raises(services.TwoFactorError):
        services.api_token_issue(user=staff_user, name="script")
    assert not ApiToken.objects.filter(user=staff_user).exists()


def test_a_resident_promoted_to_staff_loses_the_password_only_token(user, password):
    key = _post({"username": user.username, "password": password}).json()["token"]
    assert _client(key).get(STAFF_API).status_code == 200
    user.is_staff = True
    user.save(update_fields=["is_staff"])
    assert _client(key).get(STAFF_API).status_code == 401


def test_tokens_issued_from_a_verified_staff_credential_carry_the_second_factor(client, staff_user, password):
    device = staff_device(staff_user)
    key = _post({"username": staff_user.username, "password": password, "otp_token": current_token(device)}).json()["token"]
    created = _client(key).post(TOKENS, {"name": "script"}, format="json")
    assert created.status_code == 201
    assert _client(created.json()["token"]).get(STAFF_API).status_code == 200
    # from a session that passed two-factor
    staff_login(client, staff_user)
    from_session = client.post(TOKENS, {"name": "browser"}, content_type="application/json")
    assert from_session.status_code == 201
    assert _client(from_session.json()["token"]).get(STAFF_API).status_code == 200


def test_residents_sign_in_with_username_and_password_as_before(user, password):
    response = _post({"username": user.username, "password": password})
    assert response.status_code == 200 and set(response.json()) == {"token"}
    assert _client(response.json()["token"]).get(STAFF_API).status_code == 200
    # a code sent by a resident is ignored
    assert _post({"username": user.username, "password": password, "otp_token": "000000"}).status_code == 200


def test_the_schema_documents_the_code_field():
    document = APIClient().get("/api/schema/?format=json").json()
    schemas = document["components"]["schemas"]
    body = document["paths"][TOKEN]["post"]["requestBody"]["content"]["application/json"]["schema"]["$ref"]
    properties = schemas[body.rsplit("/", 1)[1]]["properties"]
    assert "otp_token" in properties and "staff" in properties["otp_token"]["description"].lower()
