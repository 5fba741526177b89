"""Logging helpers: request ids in every record, and no personal numbers in any record.

``install()`` (called from ``CoreConfig.ready``) wraps the log-record factory (and
``Logger.makeRecord``, which adds ``extra=`` attributes after it), so every record created
anywhere in the process, whatever handler later receives it (the console, Sentry-like
services, pytest's caplog), carries ``request_id`` and has mainland mobile numbers and
18-character resident ID numbers masked in its message, arguments, traceback text and
extra attributes (Django's SQL log passes the statement and its parameters as extras). The two filters below do the same for handlers configured in ``LOGGING``
(belt and braces, e.g. for records built by hand with ``logging.makeLogRecord``).
"""

import contextvars
import logging
import re
import traceback

from .masking import mask_id_number, mask_phone

request_id_var: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="-")

# 18-character resident ID: 17 digits and a digit or X, not inside a longer number.
_ID_NUMBER = re.compile(r"(?<!\d)(\d{17}[\dXx])(?!\d)")
# Mainland mobile: 1[3-9] and 9 more digits, optionally +86/0086/86 and separators
# ("138 0013 8000", "138-0013-8000"), not inside a longer number.
_PHONE = re.compile(
    r"(?<![\d])(?:(?:\+|00)?86[\s-]?)?(1[3-9]\d)[\s-]?(\d{4})[\s-]?(\d{4})(?![\d])"
)


def redact(text: str) -> str:
    """Mask every ID number and mobile number in ``text``."""
    if not text or not any(ch.isdigit() for ch in text):
        return text
    text = _ID_NUMBER.sub(lambda m: mask_id_number(m.group(1)), text)
    return _PHONE.sub(lambda m: mask_phone(m.group(1) + m.group(2) + m.group(3)), text)


# Attributes every record has; anything else was passed as ``extra`` (Django's SQL log, for
# one, passes the statement and its parameters: ``sql``, ``params``).
_STANDARD_ATTRIBUTES = frozenset(vars(logging.makeLogRecord({}))) | {"message", "asctime", "request_id"}


def _redact_value(value, depth: int = 0):
    """Strings, and strings and numbers inside lists, tuples and dicts, redacted; any
    other object is left as it is (formatters redact its text, see below)."""
    if isinstance(value, str):
        return redact(value)
    if depth > 3:
        return value
    if isinstance(value, bool):
        return value
    if isinstance(value, int):
        text = str(value)
        masked = redact(text)
        return value if masked == text else masked
    if isinstance(value, list | tuple):
        items = [_redact_value(item, depth + 1) for item in value]
        return type(value)(items) if isinstance(value, list) or type(value) is tuple else tuple(items)
    if isinstance(value, dict):
        return {key: _redact_value(item, depth + 1) for key, item in value.items()}
    return value


def redact_extras(record: logging.LogRecord) -> logging.LogRecord:
    """Redact the string values of the record's extra attributes (``extra=`` is applied
    after the record factory ran, hence separately)."""
    for name, value in list(vars(record).items()):
        if name not in _STANDARD_ATTRIBUTES and not name.startswith("_"):
            redacted = _redact_value(value)
            if redacted is not value:
                setattr(record, name, redacted)
    return record


def redact_record(record: logging.LogRecord) -> logging.LogRecord:
    """Format the message eagerly and redact it (arguments may be any object whose
    ``str()`` shows a number), and redact the traceback text and the string values of the
    record's extra attributes (e.g. the SQL log's ``sql`` and ``params``)."""
    if getattr(record, "_portal_redacted", False):
        return redact_extras(record)
    try:
        message = record.getMessage()
    except Exception:  # noqa: BLE001 - a malformed call must not lose the record
        message = f"{record.msg!s} {record.args!r}"
    record.msg = redact(message)
    record.args = ()
    if record.exc_info and record.exc_info[0] is not None and not record.exc_text:
        record.exc_text = "".join(traceback.format_exception(*record.exc_info)).rstrip("\n")
    if record.exc_text:
        record.exc_text = redact(record.exc_text)
    if record.stack_info:
        record.stack_info = redact(record.stack_info)
    record._portal_redacted = True
    return redact_extras(record)


class RequestIdFilter(logging.Filter):
    """Adds ``record.request_id`` (``-`` outside a request)."""

    def filter(self, record):
        if not hasattr(record, "request_id"):
            record.request_id = request_id_var.get()
        return True


class RedactPersonalDataFilter(logging.Filter):
    """Masks mobile numbers and ID numbers in the message, its arguments and traceback."""

    def filter(self, record):
        redact_record(record)
        return True


class RedactingFormatter(logging.Formatter):
    """The plain formatter, with the whole output line redacted (extras included)."""

    def format(self, record):
        return redact(super().format(record))


try:
    from pythonjsonlogger.json import JsonFormatter
except ImportError:  # pragma: no cover - python-json-logger is pinned in requirements.txt
    JsonFormatter = None
else:

    class RedactingJsonFormatter(JsonFormatter):
        """JSON logs for production, redacted as a whole: extra fields such as
        ``request`` (whose text shows the path) are masked too."""

        def format(self, record):
            return redact(super().format(record))


_installed = False


def install() -> None:
    """Wrap the process's log-record factory (idempotent)."""
    global _installed
    if _installed:
        return
    previous = logging.getLogRecordFactory()

    def factory(*args, **kwargs):
        record = previous(*args, **kwargs)
        record.request_id = request_id_var.get()
        return redact_record(record)

    logging.setLogRecordFactory(factory)

    # ``extra=`` attributes are set by Logger.makeRecord after the factory: redact them there
    make_record = logging.Logger.makeRecord

    def makeRecord(self, *args, **kwargs):
        return redact_extras(make_record(self, *args, **kwargs))

    logging.Logger.makeRecord = makeRecord
    _installed = True
