"""Security headers on every response, production cookies, CSRF on every session write."""

import re

import pytest
from django.test import Client

from tests.otp import staff_login

from . import discovery

pytestmark = pytest.mark.django_db

EXPECTED = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
}


def assert_security_headers(response, where):
    for name, value in EXPECTED.items():
        assert response.get(name) == value, f"{where}: {name}={response.get(name)!r}"
    csp = response.get("Content-Security-Policy", "")
    directives = dict(
        (part.split(" ", 1) + [""])[:2] for part in (p.strip() for p in csp.split(";")) if part
    )
    if response.get("Content-Disposition", "").startswith("attachment"):
        # a file (apps/core/downloads.py): stricter than a page, sandboxed, nothing runs
        assert "sandbox" in directives and directives.get("default-src") == "'none'", f"{where}: {csp}"
        assert directives.get("script-src") == "'none'", f"{where}: {csp}"
    else:
        assert directives.get("script-src") == "'self'", f"{where}: {csp}"
    assert "'unsafe-inline'" not in directives.get("script-src", "") + directives.get("default-src", "")
    assert directives.get("frame-ancestors") == "'none'"
    assert directives.get("object-src") == "'none'"
    assert "camera=()" in response.get("Permissions-Policy", "")
    assert response.get("X-Request-ID")


@pytest.mark.parametrize(
    ("method", "path", "data"),
    [
        ("get", "/accounts/login/", None),
        ("get", "/accounts/register/", None),
        ("get", "/no-such-page/", None),
        ("get", "/healthz", None),
        ("get", "/api/schema/", None),
        ("get", "/api/v1/no-such-endpoint/", None),
        ("post", "/api/v1/auth/token/", {"username": "x", "password": "y"}),
        ("post", "/accounts/login/?next=%00", None),  # a guard answer (400)
    ],
)
def test_every_kind_of_response_has_the_security_headers(method, path, data):
    client = Client()
    response = getattr(client, method)(path, data or {}, content_type="application/json") if data else \
        getattr(client, method)(path)
    assert_security_headers(response, f"{method} {path} -> {response.status_code}")


def test_every_page_has_the_headers_and_no_inline_script():
    client = Client()
    for page in discovery.parameterless_pages():
        response = client.get(page)
        assert response.status_code < 500, page
        assert_security_headers(response, page)
        if "html" not in response.get("Content-Type", ""):
            continue
        html = response.content.decode()
        for tag in re.findall(r"<script\b[^>]*>", html, flags=re.I):
            assert "src=" in tag or "application/json" in tag, f"{page}: inline script {tag}"
        assert not re.search(r"<[^>]+\son[a-z]+\s*=", html, flags=re.I), f"{page}: on* attribute"


def test_hsts_on_https_in_production():
    response = Client().get("/accounts/login/", secure=True)
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    assert "Strict-Transport-Security" not in Client().get("/accounts/login/")


def test_cookies_are_secure_httponly_samesite(user, password):
    client = Client()
    page = client.get("/accounts/login/")
    csrf = page.cookies["csrftoken"]
    assert csrf["secure"] and csrf["samesite"] == "Lax"
    response = client.post("/accounts/login/", {"username": user.username, "password": password})
    assert response.status_code == 302
    session = response.cookies["sessionid"]
    assert session["secure"] and session["httponly"] and session["samesite"] == "Lax"
    language = client.post("/i18n/setlang/", {"language": "en", "next": "/"}).cookies["portal_language"]
    assert language["secure"] and language["samesite"] == "Lax"


# -- CSRF -------------------------------------------------------------------------------


@pytest.fixture
def session_client(user):
    client = Client(enforce_csrf_checks=True)
    staff_login(client, user)
    return client


def _session_write_operations():
    document = discovery.openapi_document()
    found = []
    for path, item in document["paths"].items():
        for method in ("post", "put", "patch", "delete"):
            operation = item.get(method)
            if operation and any("cookieAuth" in s for s in operation.get("security", [])):
                found.append((method, re.sub(r"\{[^}]+\}", "1", path)))
    return found


def test_session_authenticated_api_writes_without_csrf_token_are_refused(session_client):
    operations = _session_write_operations()
    assert operations, "at least one session-authenticated write exists"
    for method, path in operations:
        response = getattr(session_client, method)(path, {}, content_type="application/json",
                                                   HTTP_ACCEPT_LANGUAGE="en")
        assert response.status_code == 403, f"{method.upper()} {path}: {response.status_code}"
        assert "CSRF" in response.json()["detail"]


def test_session_write_with_the_token_passes_csrf(session_client):
    operations = _session_write_operations()
    method, path = operations[0]
    session_client.get("/accounts/login/")
    token = session_client.cookies["csrftoken"].value
    response = getattr(session_client, method)(path, {}, content_type="application/json", HTTP_X_CSRFTOKEN=token)
    assert response.status_code != 403 or "CSRF" not in response.content.decode()


@pytest.mark.parametrize(
    ("path", "data"),
    [
        ("/accounts/logout/", {}),
        ("/preferences/senior-mode/", {"senior": "1"}),
        ("/i18n/setlang/", {"language": "en"}),
        ("/accounts/register/", {"username": "csrf1", "password": "Hankou-River-2024"}),
        ("/accounts/login/", {"username": "wang", "password": "x"}),
        ("/accounts/password-reset/", {"email": "wang@example.com"}),
    ],
)
def test_page_forms_without_csrf_token_are_refused_with_a_translated_page(session_client, path, data):
    response = session_client.post(path, data)
    assert response.status_code == 403
    assert "安全校验" in response.content.decode()
    english = session_client.post(path, data, HTTP_ACCEPT_LANGUAGE="en")
    assert "security check failed" in english.content.decode()


def test_api_docs_have_no_inline_script_and_local_assets():
    client = Client()
    response = client.get("/api/docs/")
    assert response.status_code == 200
    assert_security_headers(response, "/api/docs/")
    html = response.content.decode()
    sources = []
    for tag in re.findall(r"<script\b[^>]*>", html, flags=re.I):
        assert "src=" in tag, tag
        sources.append(re.search(r'src="([^"]+)"', tag).group(1).replace("&amp;", "&"))
    assert len(sources) == 3  # the Swagger UI bundle, its preset and the init script
    for source in sources:
        assert source.startswith("/"), f"served by the portal itself, not a CDN: {source}"
    init = client.get(sources[-1])
    assert init.status_code == 200
    assert init["Content-Type"].startswith("application/javascript")
    assert "/api/schema/" in init.content.decode()
