import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from apps.accounts import roles

pytestmark = pytest.mark.django_db

REGISTER = "/api/v1/auth/register/"
TOKEN = "/api/v1/auth/token/"


def test_register_creates_resident_with_argon2_hash(api_client):
    response = api_client.post(
        REGISTER,
        {"username": "zhang", "password": "Hankou-River-2024", "email": "z@example.com", "phone": "+86 138-0013-8000"},
        format="json",
    )
    assert response.status_code == 201, response.content
    assert response.json()["username"] == "zhang"
    assert "password" not in response.json()
    user = get_user_model().objects.get(username="zhang")
    assert user.password.startswith("argon2")
    assert user.phone == "13800138000"
    assert user.groups.filter(name=roles.RESIDENT).exists()


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"username": "a1", "password": "password123"}, "password"),  # common
        ({"username": "a2", "password": "short7"}, "password"),  # too short
        ({"username": "a3", "password": "1234567890123"}, "password"),  # numeric
        ({"username": "a4", "password": "Hankou-River-2024", "phone": "12345"}, "phone"),
        ({"username": "a5", "password": "Hankou-River-2024", "phone": "12800138000"}, "phone"),
        ({"username": "", "password": "Hankou-River-2024"}, "username"),
        ({"username": "bad name!", "password": "Hankou-River-2024"}, "username"),
        ({"username": "a6", "password": "Hankou-River-2024", "email": "not-an-email"}, "email"),
        ({"password": "Hankou-River-2024"}, "username"),
    ],
)
def test_register_rejects_bad_input_naming_the_field(api_client, payload, field):
    response = api_client.post(REGISTER, payload, format="json")
    assert response.status_code == 400
    assert field in response.json()


def test_register_rejects_taken_username_case_insensitively(api_client, user):
    response = api_client.post(REGISTER, {"username": user.username.upper(), "password": "Hankou-River-2024"}, format="json")
    assert response.status_code == 400
    assert "username" in response.json()


def test_register_errors_follow_accept_language(api_client):
    zh = api_client.post(REGISTER, {"username": "x1", "password": "short"}, format="json")
    en = api_client.post(REGISTER, {"username": "x1", "password": "short"}, format="json", HTTP_ACCEPT_LANGUAGE="en")
    assert zh.status_code == en.status_code == 400
    assert "too short" in " ".join(en.json()["password"])
    assert "太短" in " ".join(zh.json()["password"])


def test_token_then_authenticated_request(api_client, user, password):
    response = api_client.post(TOKEN, {"username": user.username, "password": password}, format="json")
    assert response.status_code == 200
    token = response.json()["token"]
    assert len(token) == 40


def test_token_wrong_password_is_400_then_throttled_429(api_client, user, settings):
    settings.AUTH_FAILURE_LIMIT_PER_USER = 3
    codes = [
        api_client.post(TOKEN, {"username": user.username, "password": "wrong-password-1"}, format="json").status_code
        for _ in range(4)
    ]
    assert codes == [400, 400, 400, 429]
    blocked = api_client.post(TOKEN, {"username": user.username, "password": "wrong-password-1"}, format="json")
    assert blocked.status_code == 429
    assert "Retry-After" in blocked.headers
    assert "detail" in blocked.json()


def test_token_missing_fields_is_400(api_client):
    response = api_client.post(TOKEN, {}, format="json")
    assert response.status_code == 400
    assert set(response.json()) == {"username", "password"}


def test_roles_exist_after_migrate():
    assert set(roles.ROLE_LABELS) <= set(Group.objects.values_list("name", flat=True))
