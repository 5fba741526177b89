from django.conf import settings
from django.contrib.auth import authenticate
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.authtoken.models import Token
from rest_framework.exceptions import Throttled
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.throttling import BaseThrottle, ScopedRateThrottle
from rest_framework.views import APIView

from . import lockout, services


def client_ip(request) -> str:
    """The client's address, trusting exactly ``NUM_PROXIES`` proxies (a forged
    ``X-Forwarded-For`` from the client itself is ignored)."""
    return BaseThrottle().get_ident(request)


class RegisterApi(APIView):
    permission_classes = [AllowAny]
    authentication_classes: list = []
    throttle_classes = [ScopedRateThrottle]
    throttle_scope = "register"

    class InputSerializer(serializers.Serializer):
        username = serializers.CharField(max_length=150)
        password = serializers.CharField(max_length=128, write_only=True, trim_whitespace=False)
        email = serializers.EmailField(required=False, allow_blank=True)
        phone = serializers.CharField(required=False, allow_blank=True, max_length=20)

    class OutputSerializer(serializers.Serializer):
        id = serializers.IntegerField()
        username = serializers.CharField()
        email = serializers.CharField(help_text="Empty when none was given.")

    @extend_schema(request=InputSerializer, responses={201: OutputSerializer}, summary="Register a resident account")
    def post(self, request):
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        user = services.user_register(
            **data.validated_data, language=getattr(request, "LANGUAGE_CODE", "")
        )
        return Response(self.OutputSerializer(user).data, status=status.HTTP_201_CREATED)


class TokenApi(APIView):
    """Exchange username and password for an API token. Repeated failures per account or
    per address are refused with 429 for a while."""

    permission_classes = [AllowAny]
    authentication_classes: list = []

    class InputSerializer(serializers.Serializer):
        username = serializers.CharField(max_length=150)
        password = serializers.CharField(max_length=128, trim_whitespace=False)

    @extend_schema(
        request=InputSerializer,
        responses={200: inline_serializer("TokenOut", {"token": serializers.CharField()})},
        summary="Obtain an API token",
    )
    def post(self, request):
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        username = data.validated_data["username"]
        ip = client_ip(request)
        if lockout.failures_exceeded(username=username, ip=ip):
            raise Throttled(
                wait=settings.AUTH_FAILURE_WINDOW_SECONDS,
                detail=_("Too many failed sign-in attempts. Please try again later."),
            )
        user = authenticate(request, username=username, password=data.validated_data["password"])
        if user is None:
            lockout.failure_record(username=username, ip=ip)
            raise serializers.ValidationError(
                {"non_field_errors": [_("Unable to sign in with the username and password given.")]}
            )
        lockout.failures_clear(username=username)
        token, _created = Token.objects.get_or_create(user=user)
        return Response({"token": token.key})
