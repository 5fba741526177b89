"""``/api/v1/account/``: the same rights as the pages, for API clients (issue 18 item 13)."""

from django.core.exceptions import PermissionDenied
from django.http import FileResponse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from apps.accounts.api import client_ip

from . import services


def _throttled() -> Response:
    return Response({"detail": _("Too many wrong passwords. Please try again later.")},
                    status=status.HTTP_429_TOO_MANY_REQUESTS, headers={"Retry-After": "900"})


class MyDataApi(APIView):
    """``POST {"password"}``: a zip of everything the portal holds about the caller
    (``data.json`` and the files they uploaded), as on ``/accounts/my-data/``."""

    permission_classes = [IsAuthenticated]

    class InputSerializer(serializers.Serializer):
        password = serializers.CharField(max_length=128, trim_whitespace=False)

    @extend_schema(request=InputSerializer, responses={(200, "application/zip"): OpenApiTypes.BINARY},
                   summary="Download my data (PIPL Art. 45)")
    def post(self, request):
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            archive = services.personal_data_archive(user=request.user, password=data.validated_data["password"],
                                                     ip=client_ip(request))
        except services.PasswordCheckThrottled:
            return _throttled()
        response = FileResponse(archive, as_attachment=True, content_type="application/zip",
                                filename=f"qiaokou-my-data-{timezone.localdate():%Y%m%d}.zip")
        add_never_cache_headers(response)
        return response


class DeleteAccountApi(APIView):
    """``POST {"password", "confirm": true}``: close the caller's account, as on
    ``/accounts/delete/`` (``204``; ``400`` with the reason when it cannot be closed yet)."""

    permission_classes = [IsAuthenticated]

    class InputSerializer(serializers.Serializer):
        password = serializers.CharField(max_length=128, trim_whitespace=False)
        confirm = serializers.BooleanField()

        def validate_confirm(self, value):
            if not value:
                raise serializers.ValidationError(_("Confirm that the account is to be closed for good."))
            return value

    @extend_schema(request=InputSerializer, responses={204: None}, summary="Close my account (PIPL Art. 47)")
    def post(self, request):
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            services.account_delete(user=request.user, password=data.validated_data["password"], ip=client_ip(request))
        except services.PasswordCheckThrottled:
            return _throttled()
        except PermissionDenied:
            return Response({"detail": " ".join(services.deletion_blockers(user=request.user))},
                            status=status.HTTP_400_BAD_REQUEST)
        return Response(status=status.HTTP_204_NO_CONTENT)
