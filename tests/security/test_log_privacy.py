"""No ID number and no mobile number in any log record (issue 10), for a representative set
of the suite's requests that carry them: registering with a phone (API and page), a housing-
swap application with an ID number and a phone (API and page, valid and invalid), a document
upload whose file name holds an ID number, the notice preferences (the account's settings
page; the portal has no other self-service profile form) and a token sign-in with a phone as
user name. Everything runs with every logger at DEBUG, SQL included (the statements and their
parameters are logged), and is checked in the message, the traceback, every extra attribute
of every record, and the output of the portal's plain and JSON formatters."""

import logging
import re

import pytest
from django.conf import settings as django_settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from rest_framework.test import APIClient

from apps.core.logging import RedactingFormatter, RedactingJsonFormatter
from tests.factories import UserFactory
from tests.housing_swap.factories import RoundFactory, make_id, payload, png_bytes
from tests.otp import staff_login

pytestmark = pytest.mark.django_db

PHONE = "13912345678"
PHONE_SPACED = "139 1234 5678"
APPLICANT_PHONE = "13712345670"
ID_NUMBER = make_id(serial=321)
OTHER_ID = make_id(region="420102", serial=456)
NUMBERS = (PHONE, APPLICANT_PHONE, ID_NUMBER, OTHER_ID, PHONE_SPACED)
_STANDARD = set(vars(logging.makeLogRecord({}))) | {"message", "asctime", "request_id", "_portal_redacted"}


class Collect(logging.Handler):
    def __init__(self):
        super().__init__(level=logging.DEBUG)
        self.records: list[logging.LogRecord] = []

    def emit(self, record):
        self.records.append(record)


@pytest.fixture
def every_log_at_debug(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    handler = Collect()
    root = logging.getLogger()
    loggers = [root] + [logging.getLogger(name) for name in logging.root.manager.loggerDict]
    levels = {lg: lg.level for lg in loggers if isinstance(lg, logging.Logger)}
    for logger in levels:
        logger.setLevel(logging.DEBUG)
    root.addHandler(handler)
    debug_cursor = connection.force_debug_cursor
    connection.force_debug_cursor = True  # SQL statements with their parameters, as with DEBUG
    try:
        yield handler.records
    finally:
        connection.force_debug_cursor = debug_cursor
        root.removeHandler(handler)
        for logger, level in levels.items():
            logger.setLevel(level)


def _strings(value, depth=0):
    """Every string inside an extra attribute (containers walked; other objects by str())."""
    if depth > 4:
        return
    if isinstance(value, str | bytes):
        yield value if isinstance(value, str) else value.decode("utf-8", "replace")
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _strings(key, depth + 1)
            yield from _strings(item, depth + 1)
    elif isinstance(value, list | tuple | set | frozenset):
        for item in value:
            yield from _strings(item, depth + 1)
    elif value is not None and not isinstance(value, int | float | bool):
        yield str(value)


def _texts(record):
    yield record.getMessage()
    yield record.exc_text or ""
    yield record.stack_info or ""
    for name, value in vars(record).items():
        if name not in _STANDARD:
            yield from (f"{name}={text}" for text in _strings(value))
    plain = django_settings.LOGGING["formatters"]["plain"]["fmt"]
    as_json = django_settings.LOGGING["formatters"]["json"]["fmt"]
    yield RedactingFormatter(plain).format(record)
    yield RedactingJsonFormatter(as_json).format(record)


def _digits_only(text: str) -> str:
    return re.sub(r"[\s-]", "", text)


def _assert_no_number_in(records) -> None:
    """No text of any record (message, extras, both formatters' output) holds one of
    ``NUMBERS``, as written or with its spaces and dashes left out."""
    leaks = []
    for record in records:
        for text in _texts(record):
            flat = _digits_only(text)
            if any(number in text or _digits_only(number) in flat for number in NUMBERS):
                leaks.append(f"{record.name}: {text[:300]}")
    assert not leaks, "\n".join(leaks[:10])


def test_the_suites_personal_requests_leave_no_number_in_any_log_record(every_log_at_debug):
    records = every_log_at_debug
    api = APIClient()
    page = Client()

    # registering with a phone: API (valid, invalid) and page
    assert api.post("/api/v1/auth/register/", {"username": "logreg1", "password": "Hankou-River-2024",
                                                "phone": PHONE}, format="json").status_code == 201
    assert api.post("/api/v1/auth/register/", {"username": "logreg2", "password": "Hankou-River-2024",
                                                "phone": PHONE + "9"}, format="json").status_code == 400
    response = page.post("/accounts/register/", {"username": "logreg3", "password": "Hankou-River-2024",
                                                 "password1": "Hankou-River-2024", "password2": "Hankou-River-2024",
                                                 "phone": PHONE_SPACED})
    assert response.status_code == 302, response.content.decode()[-1500:]
    assert api.post("/api/v1/auth/token/", {"username": PHONE, "password": "wrong-password-1"},
                    format="json").status_code in (400, 401)

    # a housing-swap application with an ID number and a phone: API (invalid, valid) and page
    resident = UserFactory(username="logapplicant", phone=APPLICANT_PHONE)
    round_ = RoundFactory()
    api.force_authenticate(resident)
    bad = api.post("/api/v1/housing-swap/applications/", payload(round_, id_number=ID_NUMBER[:-1] + "0",
                                                                  phone="1371234567"), format="json")
    assert bad.status_code == 400
    good = api.post("/api/v1/housing-swap/applications/", payload(round_, id_number=ID_NUMBER,
                                                                   phone=APPLICANT_PHONE), format="json")
    assert good.status_code == 201, good.content
    application_id = good.json()["id"]
    upload = SimpleUploadedFile(f"身份证{ID_NUMBER}.png", png_bytes(), content_type="image/png")
    assert api.post(f"/api/v1/housing-swap/applications/{application_id}/documents/",
                    {"kind": "id_card", "file": upload}, format="multipart").status_code == 201
    assert api.get(f"/api/v1/housing-swap/applications/{application_id}/").status_code == 200

    other = UserFactory(username="logapplicant2")
    staff_login(page, other)
    form = payload(round_, id_number=OTHER_ID, phone=PHONE)
    form["consent"] = "on"
    response = page.post("/housing-swap/apply/", form)
    assert response.status_code == 302, response.content.decode()[-2000:]
    page.post("/housing-swap/apply/", {**form, "phone": "12345"})  # refused, numbers echoed back to the form

    # the account's settings: notice preferences with SMS (needs the phone) - page and API
    staff_login(page, resident)
    page.post("/notices/preferences/", {"email": "daily", "sms": "immediately",
                                        "sms_quiet_start": "22:00", "sms_quiet_end": "07:00"})
    api.patch("/api/v1/notices/preferences/", {"sms": "daily"}, format="json")

    assert len(records) > 50, "the requests were logged at DEBUG (SQL included)"
    assert any(r.name == "django.db.backends" for r in records)
    _assert_no_number_in(records)


_TIMES = re.compile(r"\d{2}:\d{2}:\d{2}[.,]\d+|\d+\.\d+")  # timestamps and durations can hold any six digits


def test_verification_codes_leave_no_trace_in_any_log_record(every_log_at_debug, settings, tmp_path):
    """Issue 18 item 8: the one-time codes (asked for and entered, by API and page, by SMS
    and email, right and wrong) are never in a log record, SQL parameters included, and
    neither is the number they go to."""
    from django.core import mail

    from apps.notices.sms import LocalSMSBackend

    records = every_log_at_debug
    settings.SMS_BACKEND = "apps.notices.sms.LocalSMSBackend"
    settings.SMS_FILE_PATH = str(tmp_path / "sms.jsonl")
    settings.NOTICES_VERIFY_RESEND_SECONDS = 0
    resident = UserFactory(username="logverify", phone=PHONE, contacts_verified=False)
    api = APIClient()
    api.force_authenticate(resident)
    page = Client()
    page.force_login(resident)

    codes = []
    assert api.post("/api/v1/notices/verification/", {"channel": "sms"}, format="json").status_code == 202
    codes.append(re.search(r"\d{6}", LocalSMSBackend().messages()[-1]["text"]).group())
    wrong = f"{(int(codes[-1]) + 1) % 10 ** 6:06d}"
    codes.append(wrong)
    assert api.post("/api/v1/notices/verification/confirm/", {"channel": "sms", "code": wrong},
                    format="json").status_code == 400
    assert api.post("/api/v1/notices/verification/confirm/", {"channel": "sms", "code": codes[0]},
                    format="json").status_code == 200
    assert page.post("/notices/verify/", {"channel": "email", "action": "send"}).status_code == 302
    codes.append(re.search(r"\d{6}", mail.outbox[-1].body).group())
    assert page.post("/notices/verify/", {"channel": "email", "action": "confirm",
                                          "code": codes[-1]}).status_code == 302

    assert any(r.name == "django.db.backends" for r in records)
    leaks = []
    for record in records:
        for text in _texts(record):
            flat = _digits_only(_TIMES.sub(" ", text))
            if any(code in flat for code in codes) or PHONE in text:
                leaks.append(f"{record.name}: {text[:300]}")
    assert not leaks, "\n".join(leaks[:10])


def test_downloading_my_data_and_closing_the_account_leave_no_number_in_any_log_record(every_log_at_debug):
    """Issue 18 item 13: the archive holds the resident's ID and phone numbers in clear; building
    it, and closing the account, put none of them in a log record."""
    import io
    import zipfile

    records = every_log_at_debug
    resident = UserFactory(username="logmydata", phone=PHONE)
    api = APIClient()
    api.force_authenticate(resident)
    round_ = RoundFactory()
    created = api.post("/api/v1/housing-swap/applications/", payload(round_, id_number=ID_NUMBER,
                                                                      phone=APPLICANT_PHONE), format="json")
    assert created.status_code == 201, created.content
    api.post(f"/api/v1/housing-swap/applications/{created.json()['id']}/withdraw/", {}, format="json")
    page = Client()
    page.force_login(resident)
    response = page.post("/accounts/my-data/", {"password": "Correct-Horse-Battery-9"})
    assert response.status_code == 200
    data = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content))).read("data.json").decode()
    assert ID_NUMBER in data and PHONE in data  # the resident's own, in clear
    assert page.post("/accounts/delete/", {"password": "Correct-Horse-Battery-9", "confirm": "on"}).status_code == 302

    _assert_no_number_in(records)
