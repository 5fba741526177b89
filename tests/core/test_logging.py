"""Logs carry request ids and never an ID number or a mobile number."""

import json
import logging
import re

import pytest
from django.test import Client

from apps.core.logging import RedactingFormatter, RedactingJsonFormatter, redact

pytestmark = pytest.mark.django_db

PHONE = "13912345678"
ID_NUMBER = "420104199001011237"
PERSONAL = re.compile(r"(?<!\d)(1[3-9]\d{9}|\d{17}[\dXx])(?!\d)")


def test_request_id_is_generated_and_returned():
    response = Client().get("/accounts/login/")
    assert re.fullmatch(r"[0-9a-f]{32}", response["X-Request-ID"])


def test_well_formed_incoming_request_id_is_kept_and_a_forged_one_replaced():
    assert Client().get("/accounts/login/", HTTP_X_REQUEST_ID="lb-42.abc").headers["X-Request-ID"] == "lb-42.abc"
    forged = Client().get("/accounts/login/", HTTP_X_REQUEST_ID="x\r\nSet-Cookie: a=b" + "y" * 100)
    assert re.fullmatch(r"[0-9a-f]{32}", forged["X-Request-ID"])


def test_request_id_is_in_the_requests_log_records(caplog):
    with caplog.at_level(logging.WARNING, logger="django.request"):
        response = Client().get("/no-such-page/", HTTP_X_REQUEST_ID="trace-123")
    assert response.status_code == 404
    records = [r for r in caplog.records if r.name == "django.request"]
    assert records and all(r.request_id == "trace-123" for r in records)


def test_redact_masks_numbers_in_free_text():
    text = f"tel +86 139-1234-5678, id {ID_NUMBER}, order 2024061512345678901"
    out = redact(text)
    assert "139****5678" in out and "420104********1237" in out
    assert "2024061512345678901" in out  # 19 digits: not an ID number
    assert not PERSONAL.search(out.replace("2024061512345678901", ""))


def test_formatters_redact_extras_and_tracebacks():
    try:
        raise ValueError(f"bad {PHONE}")
    except ValueError:
        import sys

        record = logging.LogRecord("x", logging.ERROR, __file__, 1, "user %s", (ID_NUMBER,), sys.exc_info())
    record.request = f"<WSGIRequest: GET '/lookup/{PHONE}'>"
    record.request_id = "r1"
    plain = RedactingFormatter("%(request_id)s %(message)s %(request)s").format(record)
    as_json = RedactingJsonFormatter("%(request_id)s %(message)s").format(record)
    for out in (plain, as_json):
        assert PHONE not in out and ID_NUMBER not in out
    assert json.loads(as_json)["request_id"] == "r1"


@pytest.mark.urls("tests.core.urls")
def test_requests_with_personal_data_leave_none_in_the_logs(caplog, user, password):
    """Requests that carry phone and ID numbers in the path, query, body and errors, run
    with log capture at DEBUG: not one number in any record or in the captured text."""
    client = Client()
    client.raise_request_exception = False
    with caplog.at_level(logging.DEBUG):
        client.get(f"/test/pii-error/?phone={PHONE}")  # a 500 with the numbers in the exception
        client.get(f"/lookup/{PHONE}/{ID_NUMBER}/")  # a 404 logged with its path
        client.post("/api/v1/auth/register/", {"username": "p1", "password": "short", "phone": "1391234567X"},
                    content_type="application/json")
        client.post("/api/v1/auth/register/", {"username": ID_NUMBER, "password": "Hankou-River-2024",
                                               "phone": PHONE}, content_type="application/json")
        client.post("/api/v1/auth/token/", {"username": PHONE, "password": "wrong-password"},
                    content_type="application/json")
        client.post("/accounts/login/", {"username": ID_NUMBER, "password": "wrong"})
        client.get(f"/accounts/login/?next=/x/{PHONE}", HTTP_X_FORWARDED_FOR=PHONE)
    texts = [caplog.text] + [r.getMessage() for r in caplog.records] + [r.exc_text or "" for r in caplog.records]
    assert len(caplog.records) >= 4
    leaks = [t for t in texts if PHONE in t or ID_NUMBER in t]
    assert not leaks, leaks[:3]
    assert any("139****5678" in t for t in texts)
