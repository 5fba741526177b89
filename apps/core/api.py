"""API plumbing shared by every app: the error format of CONTRACT §4."""

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from rest_framework import exceptions, serializers
from rest_framework.views import exception_handler as drf_exception_handler


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
    ``{"field": ["message"]}``; everything is rendered in the request's language."""
    if isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(detail=validation_error_detail(exc))
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()
    return drf_exception_handler(exc, context)


class ErrorSerializer(serializers.Serializer):
    """Documentation of ``{"detail": "message"}`` for the OpenAPI schema."""

    detail = serializers.CharField()
