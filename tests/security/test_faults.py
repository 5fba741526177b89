"""Faults against real services: the database unreachable (a separate gunicorn process,
production settings), both for PostgreSQL (nothing listens on its port) and for SQLite (its
file cannot be opened), Redis on a closed port (in process, see also tests/core/test_cache.py;
Redis going away and coming back with a real worker: test_redis_down.py).
Pages answer a translated 503 page, the API a JSON 503, /healthz names the failing part;
never a 500 or a traceback."""

import pytest

from .processes import Server, production_env

pytestmark = pytest.mark.slow

CLOSED_DB = "postgres://postgres@127.0.0.1:1/portal"  # nothing listens on port 1
UNOPENABLE_SQLITE = "sqlite:////nonexistent-directory/portal/db.sqlite3"  # no such directory
CLOSED_REDIS = "redis://127.0.0.1:1/0"


@pytest.fixture(scope="module", params=["postgresql", "sqlite"])
def server_without_database(request):
    url = CLOSED_DB if request.param == "postgresql" else UNOPENABLE_SQLITE
    env = production_env(DATABASE_URL=url, DJANGO_SECURE_SSL_REDIRECT="0", DJANGO_STATIC_MANIFEST="0",
                         MAP_TILE_URL="", DJANGO_LOG_LEVEL="WARNING")
    with Server(env) as server:
        yield server
    assert "Traceback" not in getattr(server, "output", "") or "OperationalError" in server.output


def assert_no_traceback(response):
    assert "Traceback" not in response.text and "psycopg" not in response.text
    assert "127.0.0.1" not in response.text and "sqlite" not in response.text.lower()
    assert "nonexistent-directory" not in response.text


def test_healthz_names_the_database(server_without_database):
    response = server_without_database.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"database": "unavailable", "broker": "eager"}


@pytest.mark.parametrize(("language", "text"), [("zh-hans", "服务暂时不可用"), ("en", "Service temporarily unavailable")])
def test_a_page_that_needs_the_database_is_a_translated_503(server_without_database, language, text):
    # a session cookie makes every page load the session (and the user) from the database
    response = server_without_database.get(
        "/accounts/login/", cookies={"sessionid": "x" * 32}, headers={"Accept-Language": language}
    )
    assert response.status_code == 503
    assert text in response.text
    assert response.headers["Retry-After"]
    assert response.headers["Content-Security-Policy"]
    assert_no_traceback(response)


def test_the_dashboard_is_a_503_or_works(server_without_database):
    response = server_without_database.get("/")
    assert response.status_code in (200, 503)
    assert_no_traceback(response)


def test_api_answers_json_503(server_without_database):
    response = server_without_database.post(
        "/api/v1/auth/token/", json={"username": "wang", "password": "whatever-123"},
        headers={"Accept-Language": "en"},
    )
    assert response.status_code == 503
    assert set(response.json()) == {"detail"}
    assert "database" in response.json()["detail"]
    assert response.headers["Retry-After"] == "30"
    listing = server_without_database.get("/api/v1/projects/")
    assert listing.status_code in (503, 404)
    assert "detail" in listing.json()


def test_api_with_session_cookie_answers_json_503(server_without_database):
    response = server_without_database.get("/api/v1/notices/", cookies={"sessionid": "y" * 32})
    assert response.status_code in (503, 404)
    assert "detail" in response.json()
    assert_no_traceback(response)


def test_healthz_names_the_broker(tmp_path):
    env = production_env(DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}", REDIS_URL=CLOSED_REDIS,
                         DJANGO_SECURE_SSL_REDIRECT="0", DJANGO_STATIC_MANIFEST="0", MAP_TILE_URL="")
    with Server(env) as server:
        health = server.get("/healthz")
        assert health.status_code == 503
        assert health.json() == {"database": "ok", "broker": "unavailable"}
        # browsing goes on with the cache down (the session needs no table for anonymous users)
        page = server.get("/accounts/login/")
        assert page.status_code == 200
        assert "登录" in page.text


def test_production_logs_are_json_lines_with_the_request_id():
    """Structured logs in production: one JSON object per line, carrying the request id the
    response announced, and no personal number (the request carries a phone number)."""
    import json

    env = production_env(DATABASE_URL=CLOSED_DB, DJANGO_SECURE_SSL_REDIRECT="0", DJANGO_STATIC_MANIFEST="0",
                         MAP_TILE_URL="")
    with Server(env) as server:
        response = server.post("/api/v1/auth/token/", json={"username": "13912345678", "password": "x" * 12},
                               headers={"X-Request-ID": "faults-json-log-1"})
        assert response.status_code == 503
        assert response.headers["X-Request-ID"] == "faults-json-log-1"
    records = []
    for line in server.output.splitlines():
        if line.startswith("{"):
            records.append(json.loads(line))
    mine = [r for r in records if r.get("request_id") == "faults-json-log-1"]
    assert mine, server.output[-2000:]
    assert any("Database unavailable" in r["message"] for r in mine)
    assert all({"asctime", "levelname", "name", "message"} <= set(r) for r in mine)
    assert "13912345678" not in server.output
