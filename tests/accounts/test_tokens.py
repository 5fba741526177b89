"""API tokens (issue 18 item 6): hashed, expiring (sliding), listed and revoked by their
owner, void after a password change/reset or sign-out everywhere; operator tokens apart."""

import datetime as dt
import hashlib

import pytest
from django.contrib.auth.tokens import default_token_generator
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from rest_framework.test import APIClient

from apps.accounts import services
from apps.accounts.models import ApiToken, SecurityEvent
from tests.otp import staff_login

pytestmark = pytest.mark.django_db

TOKEN = "/api/v1/auth/token/"
TOKENS = "/api/v1/auth/tokens/"
ME = "/api/v1/notices/"  # any API that needs a signed-in caller


def _sign_in(password, username="wang") -> str:
    response = APIClient().post(TOKEN, {"username": username, "password": password}, format="json")
    assert response.status_code == 200, response.content
    return response.json()["token"]


def _client(key) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client


def test_each_sign_in_gets_its_own_token_stored_only_as_a_hash(user, password):
    first, second = _sign_in(password), _sign_in(password)
    assert first != second
    rows = ApiToken.objects.filter(user=user)
    assert rows.count() == 2
    for key in (first, second):
        row = rows.get(prefix=key[:8])
        assert row.key_hash == hashlib.sha256(key.encode()).hexdigest()
        assert key not in {row.key_hash, row.prefix, row.name}
    assert _client(first).get(ME).status_code == 200
    assert SecurityEvent.objects.filter(subject=user, action="token_issued").count() == 2


def test_owner_lists_own_tokens_without_keys_and_current_marked(user, other_user, password):
    key, other_key = _sign_in(password), _sign_in(password)
    _sign_in(password, username=other_user.username)
    listed = _client(key).get(TOKENS)
    assert listed.status_code == 200
    results = listed.json()["results"]
    assert len(results) == 2  # not the other user's
    assert {"id", "created", "last_used", "expires", "current"} <= set(results[0])
    assert [r["current"] for r in results if r["prefix"] == key[:8]] == [True]
    assert [r["current"] for r in results if r["prefix"] == other_key[:8]] == [False]
    assert key not in listed.content.decode() and other_key not in listed.content.decode()


def test_owner_creates_a_token_whose_key_is_shown_once(user, password):
    client = _client(_sign_in(password))
    created = client.post(TOKENS, {"name": "home script"}, format="json")
    assert created.status_code == 201
    new_key = created.json()["token"]
    assert _client(new_key).get(ME).status_code == 200
    assert all("token" not in row for row in client.get(TOKENS).json()["results"])


def test_revoked_token_is_refused_at_once_with_401(user, password):
    key, spare = _sign_in(password), _sign_in(password)
    token_id = ApiToken.objects.get(prefix=key[:8]).pk
    assert _client(spare).delete(f"{TOKENS}{token_id}/").status_code == 204
    refused = _client(key).get(ME)
    assert refused.status_code == 401
    assert refused["WWW-Authenticate"] == "Token"
    assert _client(spare).get(ME).status_code == 200
    assert SecurityEvent.objects.filter(action="token_revoked", subject=user).exists()


def test_nobody_revokes_another_persons_token(user, other_user, password):
    mine = _sign_in(password)
    theirs = _sign_in(password, username=other_user.username)
    their_id = ApiToken.objects.get(prefix=theirs[:8]).pk
    assert _client(mine).delete(f"{TOKENS}{their_id}/").status_code == 404
    assert _client(theirs).get(ME).status_code == 200


def test_tokens_need_a_signed_in_caller(api_client):
    assert api_client.get(TOKENS).status_code == 401
    assert api_client.post(TOKENS, {}, format="json").status_code == 401


def test_token_expires_after_the_configured_days_without_use(user, password, settings):
    settings.API_TOKEN_TTL_DAYS = 30
    key = _sign_in(password)
    token = ApiToken.objects.get(prefix=key[:8])
    assert dt.timedelta(days=29, hours=23) < token.expires - timezone.now() <= dt.timedelta(days=30)
    ApiToken.objects.filter(pk=token.pk).update(expires=timezone.now() - dt.timedelta(seconds=1))
    assert _client(key).get(ME).status_code == 401


def test_expiry_slides_forward_with_use(user, password, settings):
    settings.API_TOKEN_TTL_DAYS = 30
    key = _sign_in(password)
    soon = timezone.now() + dt.timedelta(days=1)
    ApiToken.objects.filter(prefix=key[:8]).update(expires=soon, last_used=timezone.now() - dt.timedelta(days=29))
    assert _client(key).get(ME).status_code == 200
    token = ApiToken.objects.get(prefix=key[:8])
    assert token.expires > timezone.now() + dt.timedelta(days=29)
    assert token.last_used > timezone.now() - dt.timedelta(minutes=1)


def test_password_reset_revokes_every_token(client, user, password):
    key = _sign_in(password)
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    url = f"/accounts/password-reset/{uid}/{default_token_generator.make_token(user)}/"
    form_url = client.get(url)["Location"]
    done = client.post(form_url, {"new_password1": "Another-Long-Pass-77", "new_password2": "Another-Long-Pass-77"})
    assert done.status_code == 302
    assert _client(key).get(ME).status_code == 401
    assert ApiToken.objects.get(prefix=key[:8]).revoked_at is not None


def test_any_password_change_voids_older_tokens(user, password):
    key = _sign_in(password)
    user.set_password("Another-Long-Pass-77")
    user.save()  # e.g. ``manage.py changepassword`` or a superuser in the admin
    assert _client(key).get(ME).status_code == 401
    assert ApiToken.objects.get(prefix=key[:8]).revoked_reason == "password_changed"


def test_password_change_through_the_service_keeps_the_token_used(user, password):
    kept, other = _sign_in(password), _sign_in(password)
    user.set_password("Another-Long-Pass-77")
    user.save()
    services.user_password_changed(user=user, keep_token=ApiToken.objects.get(prefix=kept[:8]))
    assert _client(kept).get(ME).status_code == 200
    assert _client(other).get(ME).status_code == 401


def test_sign_out_everywhere_ends_sessions_and_tokens(client, user, password):
    key = _sign_in(password)
    staff_login(client, user)
    assert client.get("/api/v1/notices/").status_code == 200
    assert _client(key).post("/api/v1/auth/sign-out-everywhere/").status_code == 204
    assert _client(key).get(ME).status_code == 401
    assert client.get("/api/v1/notices/").status_code in (401, 403)
    fresh = _sign_in(password)  # signing in again works
    assert _client(fresh).get(ME).status_code == 200
    assert SecurityEvent.objects.filter(action="signed_out_everywhere", subject=user).exists()


def test_inactive_user_token_is_refused(user, password):
    key = _sign_in(password)
    user.is_active = False
    user.save()
    assert _client(key).get(ME).status_code == 401


def test_authenticate_service_for_other_apps(user):
    token, key = services.api_token_issue(user=user)
    assert services.api_token_authenticate(key=key, kind="personal") == token
    assert services.api_token_authenticate(key=key, kind="operator") is None
    assert services.api_token_authenticate(key=key[:-1] + ("A" if key[-1] != "A" else "B")) is None
    assert services.api_token_authenticate(key="") is None
    assert services.api_token_authenticate(key="x" * 5000) is None


def test_operator_token_is_not_a_sign_in_token(user):
    _token, key = services.api_token_issue(user=user, kind="operator")
    assert _client(key).get(ME).status_code == 401
