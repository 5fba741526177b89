"""Error responses: JSON ``{"detail": ...}`` for the API, a translated page for people;
never a traceback. Used by the ``handler400/403/404/500`` of portal/urls.py, by
``CSRF_FAILURE_VIEW`` and by apps/core/middleware.py.
"""

import logging
import sys

from django.conf import settings
from django.core.exceptions import (
    RequestDataTooBig,
    TooManyFieldsSent,
    TooManyFilesSent,
)
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .uploads import is_storage_full

logger = logging.getLogger("apps.core.errors")

DATABASE_RETRY_AFTER = "30"

NUL_CHARACTER = gettext_lazy("The request contains a NUL character, which is not allowed.")
BAD_CONTENT_LENGTH = gettext_lazy("The request has an invalid Content-Length header.")
INVALID_DATA = gettext_lazy("The data sent could not be stored. Please check the values and try again.")
BAD_REQUEST = gettext_lazy("The request could not be understood. Please check what you sent and try again.")
STORAGE_RETRY_AFTER = "300"
STORAGE_FULL = gettext_lazy(
    "The file could not be stored because the server has no room for it right now. "
    "Nothing was saved; please try again later."
)
DATABASE_DOWN = gettext_lazy(
    "The service is temporarily unavailable because its database cannot be reached. "
    "Please try again in a few minutes."
)


def too_big_message() -> str:
    return _("The request is too large. The limit is %(size)s MB.") % {
        "size": settings.PORTAL_MAX_REQUEST_SIZE // (1024 * 1024)
    }


def too_many_fields_message() -> str:
    return _("The request has too many fields (at most %(count)d).") % {
        "count": settings.DATA_UPLOAD_MAX_NUMBER_FIELDS
    }


def too_many_files_message() -> str:
    return _("The request has too many files (at most %(count)d).") % {
        "count": settings.DATA_UPLOAD_MAX_NUMBER_FILES
    }


def wants_json(request) -> bool:
    return request.path.startswith("/api/") or "application/json" in request.headers.get("Accept", "")


_TITLES = {
    400: gettext_lazy("Bad request"),
    403: gettext_lazy("Access denied"),
    404: gettext_lazy("Page not found"),
    405: gettext_lazy("Method not allowed"),
    413: gettext_lazy("Request too large"),
    429: gettext_lazy("Too many attempts"),
    503: gettext_lazy("Service temporarily unavailable"),
}


def problem(request, message, *, status: int, headers: dict | None = None) -> HttpResponse:
    """A 4xx answer with ``message``: JSON ``{"detail"}`` for the API, else a page."""
    message = str(message)
    if wants_json(request):
        response = JsonResponse({"detail": message}, status=status)
    else:
        response = HttpResponse(
            render_to_string(
                "errors/problem.html",
                {"title": _TITLES.get(status, _TITLES[400]), "message": message, "status": status},
                request=request,
            ),
            status=status,
        )
    for name, value in (headers or {}).items():
        response[name] = value
    return response


def database_unavailable(request) -> HttpResponse:
    """503 when the database is unreachable. The page is standalone (no base layout, which
    would query the session and notices), so it renders without a database."""
    if wants_json(request):
        response = JsonResponse({"detail": str(DATABASE_DOWN)}, status=503)
    else:
        response = HttpResponse(render_to_string("errors/503.html"), status=503)
    response["Retry-After"] = DATABASE_RETRY_AFTER
    return response


def storage_unavailable(request) -> HttpResponse:
    """503 when an upload cannot be written (disk full): nothing was stored."""
    return problem(request, STORAGE_FULL, status=503, headers={"Retry-After": STORAGE_RETRY_AFTER})


def bad_request(request, exception=None):
    if isinstance(exception, RequestDataTooBig):
        return problem(request, too_big_message(), status=413)
    if isinstance(exception, TooManyFieldsSent):
        return problem(request, too_many_fields_message(), status=400)
    if isinstance(exception, TooManyFilesSent):
        return problem(request, too_many_files_message(), status=400)
    return problem(request, BAD_REQUEST, status=400)


def permission_denied(request, exception=None):
    return problem(request, _("You do not have permission to do this."), status=403)


def csrf_failure(request, reason=""):
    """``CSRF_FAILURE_VIEW``: a form sent without (or with a stale) security token."""
    return problem(
        request,
        _("The form's security check failed. Reload the page and send the form again."),
        status=403,
    )


def page_not_found(request, exception=None):
    if wants_json(request):
        return JsonResponse({"detail": _("Not found.")}, status=404)
    return render(request, "errors/404.html", status=404)


def server_error(request):
    # handler500 runs while the exception is being handled: an unreachable database
    # (also from a middleware, e.g. loading the session) is a 503, not a 500.
    exc = sys.exc_info()[1]
    if isinstance(exc, OperationalError | InterfaceError):
        return database_unavailable(request)
    if is_storage_full(exc):
        return storage_unavailable(request)
    if wants_json(request):
        return JsonResponse({"detail": _("A server error occurred. Please try again later.")}, status=500)
    return HttpResponse(render_to_string("errors/500.html"), status=500)
