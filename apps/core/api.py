"""API plumbing shared by every app: the error format of CONTRACT §4."""

import logging

from django.core.exceptions import PermissionDenied, RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import DataError, InterfaceError, OperationalError
from django.http import Http404
from rest_framework import exceptions, serializers, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from . import errors
from .uploads import is_storage_full

logger = logging.getLogger("apps.core.api")


class RequestTooLarge(exceptions.APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_code = "request_too_large"


def validation_error_detail(error: DjangoValidationError) -> dict | list:
    """A Django ``ValidationError`` (as services raise it) as DRF error detail."""
    if hasattr(error, "error_dict"):
        return {
            ("non_field_errors" if field == "__all__" else field): [str(m) for m in msgs]
            for field, msgs in error.message_dict.items()
        }
    return {"non_field_errors": [str(m) for m in error.messages]}


def exception_handler(exc, context):
    """DRF's handler, plus: services' Django ``ValidationError`` becomes a 400 with
    ``{"field": ["message"]}``; request limits become 413/400 with a clear ``detail``; an
    unreachable database is a 503 with ``Retry-After``, a value the database refuses a 400;
    everything is rendered in the request's language."""
    if isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(detail=validation_error_detail(exc))
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()
    elif isinstance(exc, RequestDataTooBig):
        exc = RequestTooLarge(detail=errors.too_big_message())
    elif isinstance(exc, TooManyFieldsSent):
        exc = exceptions.ParseError(detail=errors.too_many_fields_message())
    elif isinstance(exc, TooManyFilesSent):
        exc = exceptions.ParseError(detail=errors.too_many_files_message())
    elif isinstance(exc, OperationalError | InterfaceError):
        logger.error("Database unavailable: %s", exc.__class__.__name__)
        return Response(
            {"detail": str(errors.DATABASE_DOWN)},
            status=status.HTTP_503_SERVICE_UNAVAILABLE,
            headers={"Retry-After": errors.DATABASE_RETRY_AFTER},
        )
    elif is_storage_full(exc):
        logger.error("No room for an upload: %s", exc.__class__.__name__)
        return Response(
            {"detail": str(errors.STORAGE_FULL)},
            status=status.HTTP_503_SERVICE_UNAVAILABLE,
            headers={"Retry-After": errors.STORAGE_RETRY_AFTER},
        )
    elif isinstance(exc, DataError | OverflowError):
        # a value the database refuses (PostgreSQL: DataError; SQLite: an integer too large)
        logger.warning("Database refused a value", exc_info=exc)
        exc = exceptions.ValidationError(detail={"non_field_errors": [str(errors.INVALID_DATA)]})
    return drf_exception_handler(exc, context)


class StrictTimeField(serializers.TimeField):
    """A ``TimeField`` that reads form-encoded bodies as the schema describes them: one value
    per key, and an empty value is not a time (DRF would take the last of repeated keys and
    turn ``""`` into null). JSON ``null`` still means "none" when ``allow_null``."""

    def get_value(self, dictionary):
        from rest_framework.utils import html

        if html.is_html_input(dictionary) and self.field_name in dictionary:
            values = dictionary.getlist(self.field_name)
            return values[0] if len(values) == 1 else values
        return super().get_value(dictionary)

    def to_internal_value(self, value):
        if isinstance(value, list):
            self.fail("invalid", format="hh:mm[:ss]")
        return super().to_internal_value(value)


class ErrorSerializer(serializers.Serializer):
    """Documentation of ``{"detail": "message"}`` for the OpenAPI schema."""

    detail = serializers.CharField()
