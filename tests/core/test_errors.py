"""Error answers: 503 when the database is unreachable, 400/413 for request limits and NUL
characters, JSON under /api/ and a translated page elsewhere, never a traceback."""

import io

import pytest
from django.test import Client
from rest_framework.test import APIClient

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.core.urls")]


@pytest.fixture
def client():
    client = Client()
    client.raise_request_exception = False
    return client


def test_page_503_when_the_database_is_unreachable(client):
    response = client.get("/test/db-down/")
    assert response.status_code == 503
    assert response["Retry-After"]
    body = response.content.decode()
    assert "服务暂时不可用" in body
    assert "Traceback" not in body and "127.0.0.1" not in body


def test_page_503_in_english(client):
    response = client.get("/test/db-down/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 503
    assert "Service temporarily unavailable" in response.content.decode()


def test_api_503_is_json_detail(client):
    response = client.get("/api/test/db-down/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert set(response.json()) == {"detail"}
    assert "database" in response.json()["detail"]


def test_data_error_is_400_not_500(client):
    response = client.post("/api/test/data-error/", {}, content_type="application/json")
    assert response.status_code == 400
    assert "non_field_errors" in response.json()


def test_unexpected_error_is_a_plain_500_without_traceback(client):
    response = client.get("/test/pii-error/")
    assert response.status_code == 500
    body = response.content.decode()
    assert "Traceback" not in body and "13800138000" not in body
    assert "出错" in body or "错误" in body


def test_api_500_is_json(client):
    response = client.get("/api/v1/does-not-exist/")
    assert response.status_code == 404
    assert set(response.json()) == {"detail"}


# -- request limits -------------------------------------------------------------------


def test_oversized_json_body_is_413_json(client, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    response = client.post(
        "/api/v1/auth/token/", '{"username": "' + "a" * 2000 + '"}', content_type="application/json",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 413
    assert "too large" in response.json()["detail"]


def test_oversized_form_is_413_translated_page(client, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    response = client.post("/accounts/login/", "username=" + "a" * 2000,
                           content_type="application/x-www-form-urlencoded")
    assert response.status_code == 413
    assert "请求过大" in response.content.decode()


def test_oversized_upload_is_413(client, settings):
    settings.PORTAL_MAX_REQUEST_SIZE = 50_000
    upload = io.BytesIO(b"%PDF-1.4 " + b"0" * 60_000)
    upload.name = "big.pdf"
    response = client.post("/api/test/echo/", {"file": upload}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 413
    assert "too large" in response.json()["detail"]


def test_upload_within_the_limit_reaches_the_view(client, settings):
    settings.PORTAL_MAX_REQUEST_SIZE = 50_000
    upload = io.BytesIO(b"%PDF-1.4 small")
    upload.name = "small.pdf"
    api = client.post("/api/test/echo/", {"file": upload, "kind": "deed"})
    assert api.status_code == 200
    assert api.json() == {"keys": ["file", "kind"], "files": ["file"]}


def test_too_many_fields_is_400_with_a_clear_message(client, settings):
    settings.DATA_UPLOAD_MAX_NUMBER_FIELDS = 10
    data = {f"f{i}": "x" for i in range(20)}
    page = client.post("/test/echo/", data, HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == 400
    assert "too many fields" in page.content.decode()
    api = client.post("/api/test/echo/", data, HTTP_ACCEPT_LANGUAGE="en")
    assert api.status_code == 400
    assert "too many fields" in api.json()["detail"]
    urlencoded = client.post("/test/echo/", "&".join(f"f{i}=x" for i in range(20)),
                             content_type="application/x-www-form-urlencoded")
    assert urlencoded.status_code == 400
    assert "字段过多" in urlencoded.content.decode()


def test_too_many_files_is_400_with_a_clear_message(client, settings):
    settings.DATA_UPLOAD_MAX_NUMBER_FILES = 2
    files = []
    for i in range(3):
        f = io.BytesIO(b"x")
        f.name = f"f{i}.txt"
        files.append(f)
    page = client.post("/test/echo/", {"file": files}, HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == 400
    assert "too many files" in page.content.decode()
    api = client.post("/api/test/echo/", {"file": files}, HTTP_ACCEPT_LANGUAGE="en")
    assert api.status_code == 400
    assert "too many files" in api.json()["detail"]


def test_malformed_multipart_is_400(client):
    response = client.post(
        "/test/echo/", b"--xyz\r\nContent-Disposition: form-data\r\n\r\nbroken",
        content_type="multipart/form-data; boundary=",
    )
    assert response.status_code == 400


def test_invalid_content_length_is_400(client):
    response = client.generic("POST", "/api/test/echo/", b"{}", content_type="application/json",
                              CONTENT_LENGTH="abc")
    assert response.status_code == 400


# -- NUL characters -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "content_type"),
    [
        ('{"username": "a\\u0000b", "password": "x"}', "application/json"),
        ('{"username": "ok", "pass\\u0000word": "x"}', "application/json"),
        ("username=a%00b&password=x", "application/x-www-form-urlencoded"),
    ],
)
def test_nul_in_a_body_is_400(client, body, content_type):
    for url in ("/api/v1/auth/token/", "/accounts/login/", "/api/v1/auth/register/"):
        response = client.post(url, body, content_type=content_type)
        assert response.status_code == 400, url


def test_escaped_backslash_before_u0000_is_not_a_nul(client):
    # the JSON text "a\\u0000" is a backslash followed by "u0000": allowed
    response = client.post("/api/test/echo/", '{"a\\\\u0000": 1}', content_type="application/json")
    assert response.status_code == 200


def test_nul_in_multipart_field_or_query_or_path_is_400(client):
    assert client.post("/accounts/login/", {"username": "a\x00", "password": "x"}).status_code == 400
    assert client.get("/accounts/login/?next=%00").status_code == 400
    assert client.get("/api/v1/auth/token/?x=%00").status_code == 400


def test_api_client_json_with_nul_is_400_naming_nothing_secret():
    response = APIClient().post("/api/v1/auth/register/", {"username": "x\x00", "password": "p"}, format="json",
                                HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert "NUL" in response.json()["detail"]


def test_every_429_carries_retry_after(client):
    response = client.get("/test/429/")
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
