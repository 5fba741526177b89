from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.decorators import api_view, permission_classes
from rest_framework.permissions import AllowAny

from . import health

SENIOR_COOKIE = "senior_mode"
SENIOR_COOKIE_AGE = 365 * 24 * 3600


@extend_schema(
    summary="Health of the database and broker",
    responses={
        200: inline_serializer(
            "Health",
            {"database": serializers.CharField(), "broker": serializers.CharField()},
        ),
        503: inline_serializer(
            "HealthFailure",
            {"database": serializers.CharField(), "broker": serializers.CharField()},
        ),
    },
)
@api_view(["GET"])
@permission_classes([AllowAny])
@never_cache
def healthz(request):
    database = "ok" if health.database_ok() else "unavailable"
    broker = health.broker_status()
    status = 200 if database == "ok" and broker in ("ok", "eager") else 503
    return JsonResponse({"database": database, "broker": broker}, status=status)


def _safe_next(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.META.get("HTTP_REFERER") or "/"
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return "/"
    return target


@require_POST
def senior_mode(request: HttpRequest) -> HttpResponse:
    """Turn the senior-friendly mode (larger type, higher contrast) on or off; remembered
    in a cookie for a year, so it persists across pages and visits."""
    response = redirect(_safe_next(request))
    if request.POST.get("senior") == "1":
        response.set_cookie(
            SENIOR_COOKIE, "1", max_age=SENIOR_COOKIE_AGE, samesite="Lax",
            secure=request.is_secure(), httponly=True,
        )
    else:
        response.delete_cookie(SENIOR_COOKIE, samesite="Lax")
    return response


@require_GET
def ping(request: HttpRequest) -> JsonResponse:
    """The smallest JSON view: the load benchmark's ceiling."""
    return JsonResponse({"ok": True})
