"""A URL conf for tests of apps/core: the portal's own URLs plus views that fail on purpose."""

import logging

from django.db import DataError, OperationalError
from django.http import HttpResponse
from django.urls import path
from rest_framework.decorators import api_view, permission_classes
from rest_framework.permissions import AllowAny
from rest_framework.response import Response

from portal import urls as portal_urls

logger = logging.getLogger("tests.core")


def logs_personal_data(request):
    logger.warning("applicant %s phone %s", "420104199001011237", request.GET.get("phone", "13912345678"))
    raise ValueError("failed for 13800138000 / 42010419900101123X")


def page_database_down(request):
    raise OperationalError('connection to server at "127.0.0.1", port 1 failed: Connection refused')


@api_view(["GET"])
@permission_classes([AllowAny])
def api_database_down(request):
    raise OperationalError("server closed the connection unexpectedly")


@api_view(["POST"])
@permission_classes([AllowAny])
def api_data_error(request):
    raise DataError("value too long for type character varying(20)")


@api_view(["POST"])
@permission_classes([AllowAny])
def api_echo(request):
    return Response({"keys": sorted(request.data.keys()), "files": sorted(request.FILES.keys())})


def too_many(request):
    return HttpResponse("slow down", status=429)


def page_echo(request):
    return HttpResponse(f"{len(request.POST)} fields, {len(request.FILES)} files")


urlpatterns = [
    path("test/pii-error/", logs_personal_data),
    path("test/db-down/", page_database_down),
    path("api/test/db-down/", api_database_down),
    path("api/test/data-error/", api_data_error),
    path("api/test/echo/", api_echo),
    path("test/echo/", page_echo),
    path("test/429/", too_many),
    *portal_urls.urlpatterns,
]

handler400 = portal_urls.handler400
handler403 = portal_urls.handler403
handler404 = portal_urls.handler404
handler500 = portal_urls.handler500
