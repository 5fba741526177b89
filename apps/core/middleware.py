"""Cross-cutting request handling (issue 10).

``RequestIdMiddleware``  X-Request-ID in (when well-formed) and out; the id is in every log
                         record (see apps/core/logging.py).
``RequestGuardMiddleware`` answers before any view runs:
  * 413 for a body over the limit (``DATA_UPLOAD_MAX_MEMORY_SIZE`` for JSON/forms,
    ``PORTAL_MAX_REQUEST_SIZE`` for multipart uploads), also for JSON, which Django itself
    does not limit when DRF streams it;
  * 400 for a NUL character in the path, the query string, or a JSON/form body (PostgreSQL
    cannot store NUL, so it would otherwise end as a 500);
  * 503 (translated page or JSON ``{"detail"}``, ``Retry-After``) when a view fails because
    the database cannot be reached (``OperationalError``/``InterfaceError``) or an upload
    finds the disk full (apps/core/uploads.py), and 400 for a
    ``DataError``/``OverflowError`` (a value the database refuses: bad input that slipped
    through, e.g. an integer too large for SQLite);
  * around the view: files stored inside a transaction that was rolled back are deleted
    (apps/core/uploads.py), so a failed upload leaves no stray file;
  * and on the way out: every 429 carries ``Retry-After``; ``Permissions-Policy`` is set.
"""

import logging
import re
import uuid

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.core.signals import request_finished
from django.db import DataError, InterfaceError, OperationalError
from django.http.multipartparser import MultiPartParserError

from . import errors
from .logging import request_id_var
from .uploads import is_storage_full, track_request_files

logger = logging.getLogger("apps.core.requests")

_REQUEST_ID = re.compile(r"[A-Za-z0-9._:-]{1,64}")
# An unescaped \u0000 in JSON text (preceded by an even number of backslashes).
_JSON_NUL = re.compile(rb"(?<!\\)(?:\\\\)*\\u0000")
_BODY_METHODS = {"POST", "PUT", "PATCH", "DELETE"}
DEFAULT_RETRY_AFTER = "60"


class RequestIdMiddleware:
    header = "X-Request-ID"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        incoming = request.headers.get(self.header, "")
        request_id = incoming if _REQUEST_ID.fullmatch(incoming) else uuid.uuid4().hex
        request.request_id = request_id
        # reset when the response is finished (request_finished), so that Django's own
        # "Bad Request: /path" record, logged after the middleware chain, has the id too
        request_id_var.set(request_id)
        response = self.get_response(request)
        response[self.header] = request_id
        return response


def _reset_request_id(**kwargs):
    request_id_var.set("-")


request_finished.connect(_reset_request_id, dispatch_uid="apps.core.reset_request_id")


def _content_length(request) -> int | None:
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0)
    except (TypeError, ValueError):
        return None


class RequestGuardMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.check(request)
        if response is None:
            # files stored by a transaction that rolls back are removed (apps/core/uploads.py)
            with track_request_files():
                response = self.get_response(request)
        if response.status_code == 429 and not response.has_header("Retry-After"):
            response["Retry-After"] = DEFAULT_RETRY_AFTER
        policy = getattr(settings, "PERMISSIONS_POLICY", "")
        if policy and not response.has_header("Permissions-Policy"):
            response["Permissions-Policy"] = policy
        return response

    # -- before the view ----------------------------------------------------------------
    def check(self, request):
        query = request.META.get("QUERY_STRING", "")
        if "\x00" in request.path or "%00" in query or "\x00" in query:
            return errors.problem(request, errors.NUL_CHARACTER, status=400)
        if request.method not in _BODY_METHODS:
            return None
        length = _content_length(request)
        if length is None:
            return errors.problem(request, errors.BAD_CONTENT_LENGTH, status=400)
        content_type = request.META.get("CONTENT_TYPE", "").lower()
        if content_type.startswith("multipart/"):
            if length > settings.PORTAL_MAX_REQUEST_SIZE:
                return errors.problem(request, errors.too_big_message(), status=413)
            # parsed here rather than later by CsrfViewMiddleware or DRF (which reuses it);
            # too many fields/files raise SuspiciousOperation -> handler400
            try:
                fields = list(request.POST.lists())
            except MultiPartParserError:
                return errors.problem(request, errors.BAD_REQUEST, status=400)
            except OSError as exc:  # a large upload spooled to a full temporary directory
                if not is_storage_full(exc):
                    raise
                logger.error("No room for an upload: %s %s", request.method, request.path)
                return errors.storage_unavailable(request)
            if any("\x00" in key or any("\x00" in v for v in values) for key, values in fields):
                return errors.problem(request, errors.NUL_CHARACTER, status=400)
            return None
        if length > settings.DATA_UPLOAD_MAX_MEMORY_SIZE:
            return errors.problem(request, errors.too_big_message(), status=413)
        if length and ("json" in content_type or content_type.startswith("application/x-www-form")):
            try:
                body = request.body
            except RequestDataTooBig:
                return errors.problem(request, errors.too_big_message(), status=413)
            if b"\x00" in body or (b"%00" in body and "json" not in content_type) or _JSON_NUL.search(body):
                return errors.problem(request, errors.NUL_CHARACTER, status=400)
        return None

    # -- when a view fails --------------------------------------------------------------
    def process_exception(self, request, exception):
        if isinstance(exception, OperationalError | InterfaceError):
            logger.error("Database unavailable: %s %s (%s)", request.method, request.path,
                         exception.__class__.__name__)
            return errors.database_unavailable(request)
        if is_storage_full(exception):
            logger.error("No room for an upload: %s %s", request.method, request.path)
            return errors.storage_unavailable(request)
        if isinstance(exception, DataError | OverflowError):
            logger.warning("Database refused a value: %s %s", request.method, request.path,
                           exc_info=exception)
            return errors.problem(request, errors.INVALID_DATA, status=400)
        return None
