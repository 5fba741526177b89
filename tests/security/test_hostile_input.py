"""The hostile-string corpus through every form and JSON API field that exists: never a 5xx,
never reflected unescaped in a page, NUL always a 400.

The API part is parametrised over the OpenAPI schema (every operation with a JSON body) and
the page part over the URL conf, so endpoints added later are attacked without editing this
file. Counts: ``pytest tests/security/test_hostile_input.py -s`` prints them.
"""

import json

import pytest
from django.test import Client
from rest_framework.test import APIClient

from tests.factories import UserFactory
from tests.tokens import token_for

from . import discovery
from .hostile import HOSTILE_STRINGS, NUL_NAMES

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fast_hasher", "no_lockout")]

STRONG = "Hankou-River-2024"
MARKUP = set("<>\"'")
# the markup-bearing subset, plus NUL, long text and SQL, for query strings of every page
QUERY_SUBSET = [
    (n, v) for n, v in HOSTILE_STRINGS
    if MARKUP & set(v) or n in {"nul", "very-long", "sql-or", "rtl-override", "emoji", "path-traversal"}
]


def assert_safe(response, value, where):
    assert response.status_code < 500, f"{where}: {response.status_code} {response.content[:300]!r}"
    content_type = response.get("Content-Type", "")
    if "html" in content_type and MARKUP & set(value) and len(value) > 3:
        assert value not in response.content.decode("utf-8", "replace"), f"{where}: reflected unescaped"


def page_forms():
    """(url, field names, base data) of every public form page."""
    return [
        ("/accounts/register/", {"username": "hostile1", "email": "", "phone": "", "password": STRONG}),
        ("/accounts/login/", {"username": "wang", "password": STRONG}),
        ("/accounts/password-reset/", {"email": "wang@example.com"}),
    ]


@pytest.mark.parametrize(("url", "base"), page_forms(), ids=[f[0] for f in page_forms()])
def test_page_forms_survive_the_corpus(url, base, capsys):
    client = Client()
    sent = 0
    for field in base:
        for index, (name, value) in enumerate(HOSTILE_STRINGS):
            data = {**base, field: value}
            if "username" in base and field != "username" and url.endswith("register/"):
                data["username"] = f"hostile{index}{field}"
            response = client.post(url, data)
            sent += 1
            where = f"POST {url} {field}={name}"
            if name in NUL_NAMES:
                assert response.status_code == 400, where
            assert_safe(response, value, where)
    with capsys.disabled():
        print(f"\n[hostile] {url}: {sent} form posts")


def _json_client():
    admin = UserFactory(username="fuzz-admin", is_staff=True, is_superuser=True)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token_for(admin)}")
    return client


@pytest.fixture(scope="module")
def operations():
    return discovery.json_operations(discovery.openapi_document())


def test_schema_lists_the_account_endpoints(operations):
    ids = {op["id"] for op in operations}
    assert {"POST /api/v1/auth/register/", "POST /api/v1/auth/token/"} <= ids


def test_every_json_api_field_survives_the_corpus(operations, capsys):
    client = _json_client()
    sent = 0
    for op in operations:
        for field in op["strings"]:
            for name, value in HOSTILE_STRINGS:
                body = {**op["base"], field: value}
                response = getattr(client, op["method"])(
                    op["path"], data=json.dumps(body), content_type="application/json",
                    HTTP_ACCEPT_LANGUAGE="en",
                )
                sent += 1
                where = f"{op['id']} {field}={name}"
                if name in NUL_NAMES:
                    assert response.status_code == 400, where
                assert response.status_code < 500, f"{where}: {response.status_code} {response.content[:300]!r}"
                if response.content:
                    assert "json" in response["Content-Type"], where
    with capsys.disabled():
        print(f"\n[hostile] {len(operations)} JSON operations, {sent} API requests")
    assert sent > 0


def test_every_page_survives_hostile_query_strings(capsys):
    client = Client()
    pages = discovery.parameterless_pages()
    assert "/accounts/login/" in pages
    sent = 0
    for page in pages:
        for name, value in QUERY_SUBSET:
            query = dict.fromkeys(("q", "search", "street", "community", "page", "kind", "next"), value)
            response = client.get(page, query)
            sent += 1
            where = f"GET {page}?…={name}"
            if name in NUL_NAMES:
                assert response.status_code == 400, where
            assert_safe(response, value, where)
    with capsys.disabled():
        print(f"\n[hostile] {len(pages)} pages, {sent} GET requests")


@pytest.mark.parametrize("name", [n for n, _ in HOSTILE_STRINGS if n not in NUL_NAMES])
def test_hostile_username_is_stored_or_refused_and_shown_escaped(name):
    """What the register page accepts is shown back escaped (the header shows the name)."""
    value = dict(HOSTILE_STRINGS)[name]
    client = Client()
    response = client.post("/accounts/register/", {"username": value, "password": STRONG})
    assert response.status_code in (302, 400)
    if response.status_code == 302:
        page = client.get("/accounts/login/")
        assert page.status_code == 200
        assert_safe(page, value, f"username {name}")
