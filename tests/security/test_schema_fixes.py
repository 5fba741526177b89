"""Where the fuzzer found the schema and the API disagreeing (issue 10), fixed in the owning
app: each answer now matches what /api/schema/ documents."""

import pytest

pytestmark = pytest.mark.django_db

PREFERENCES = "/api/v1/notices/preferences/"
FORM = "application/x-www-form-urlencoded"


@pytest.mark.parametrize(
    "body",
    [
        "sms_quiet_end=",  # DRF turned "" into null, the schema says a time or null
        "sms_quiet_start=22:00&sms_quiet_start=",  # DRF took the last of repeated keys
        "sms_quiet_end=07:00&sms_quiet_end=08:00",
    ],
)
def test_form_encoded_quiet_hours_are_read_as_documented(auth_client, user, body):
    response = auth_client.patch(PREFERENCES, body, content_type=FORM, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    field = body.split("=", 1)[0]
    assert "Time has wrong format" in response.json()[field][0]
    user.refresh_from_db()
    assert user.sms_quiet_start is None and user.sms_quiet_end is None


def test_form_encoded_quiet_hours_still_work(auth_client, user):
    response = auth_client.patch(PREFERENCES, "sms_quiet_start=22:00&sms_quiet_end=07:00", content_type=FORM)
    assert response.status_code == 200
    assert response.json()["sms_quiet_start"] == "22:00:00"
    cleared = auth_client.patch(PREFERENCES, {"sms_quiet_start": None, "sms_quiet_end": None}, format="json")
    assert cleared.status_code == 200 and cleared.json()["sms_quiet_end"] is None


def test_coverage_geojson_media_type_is_documented(api_client):
    schema = api_client.get("/api/schema/?format=json").json()
    documented = schema["paths"]["/api/v1/coverage/geojson/"]["get"]["responses"]["200"]["content"]
    response = api_client.get("/api/v1/coverage/geojson/?kind=park")
    assert response.status_code == 200
    assert response["Content-Type"].split(";")[0] in documented
    assert list(documented) == ["application/geo+json"]


def test_register_answer_matches_the_schema_without_email(api_client, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    schema = api_client.get("/api/schema/?format=json").json()
    ref = schema["paths"]["/api/v1/auth/register/"]["post"]["responses"]["201"]["content"]["application/json"]
    component = schema["components"]["schemas"][ref["schema"]["$ref"].rsplit("/", 1)[1]]
    assert "format" not in component["properties"]["email"]
    response = api_client.post("/api/v1/auth/register/", {"username": "noemail", "password": "Hankou-River-2024"},
                               format="json")
    assert response.status_code == 201
    assert response.json()["email"] == ""
