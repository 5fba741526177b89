from django.conf import settings
from django.contrib.auth import authenticate
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import generics, serializers, status
from rest_framework.exceptions import PermissionDenied, Throttled
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.throttling import BaseThrottle
from rest_framework.views import APIView

from apps.core.throttles import PortalScopedRateThrottle

from . import lockout, services


def client_ip(request) -> str:
    """The client's address, trusting exactly ``NUM_PROXIES`` proxies (a forged
    ``X-Forwarded-For`` from the client itself is ignored)."""
    return BaseThrottle().get_ident(request)


class RegisterApi(APIView):
    permission_classes = [AllowAny]
    authentication_classes: list = []
    throttle_classes = [PortalScopedRateThrottle]  # fails closed while Redis is down
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
    """Exchange username and password for an API token. Staff accounts also send the current
    code from their authenticator app (``otp_token``); residents need not. Repeated failures
    (a wrong password or code) per account or per address are refused with 429 for a while."""

    permission_classes = [AllowAny]
    authentication_classes: list = []

    class InputSerializer(serializers.Serializer):
        username = serializers.CharField(max_length=150)
        password = serializers.CharField(max_length=128, trim_whitespace=False)
        otp_token = serializers.RegexField(
            r"^[0-9]{6}$", max_length=6, min_length=6, required=False,
            help_text="Staff accounts only (required for them): the current 6-digit code from the "
            "authenticator app set up by invitation. Residents leave it out.",
        )

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
        try:
            device = services.api_token_verify_second_factor(
                user=user, otp_token=data.validated_data.get("otp_token", ""))
        except services.TwoFactorError as exc:
            if data.validated_data.get("otp_token"):
                lockout.failure_record(username=username, ip=ip)  # a wrong code counts as a failure
            raise serializers.ValidationError({"otp_token": [str(exc)]}) from None
        lockout.failures_clear(username=username)
        _token, key = services.api_token_issue(user=user, name="sign-in", ip=ip, second_factor=device is not None)
        return Response({"token": key})


class TokenSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    prefix = serializers.CharField(help_text="The key's first characters, to tell keys apart.")
    created = serializers.DateTimeField()
    last_used = serializers.DateTimeField(allow_null=True)
    expires = serializers.DateTimeField(help_text="Moves forward each time the token is used.")
    current = serializers.SerializerMethodField(help_text="The token this request was made with.")

    def get_current(self, token) -> bool:
        auth = getattr(self.context.get("request"), "auth", None)
        return getattr(auth, "pk", None) == token.pk


class TokenListApi(generics.ListAPIView):
    """The caller's own live API tokens (never a key); ``POST`` issues a new one, whose key
    is shown only in that answer."""

    permission_classes = [IsAuthenticated]
    serializer_class = TokenSerializer
    filter_backends: list = []

    class InputSerializer(serializers.Serializer):
        name = serializers.CharField(max_length=100, required=False, allow_blank=True)

    class CreatedSerializer(TokenSerializer):
        token = serializers.CharField(help_text="The key: shown this once, never again.")

    def get_queryset(self):
        return services.api_tokens_of(self.request.user)

    @extend_schema(summary="Your API tokens")
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    @extend_schema(request=InputSerializer, responses={201: CreatedSerializer},
                   summary="Issue an API token")
    def post(self, request):
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        # a staff member's new token carries the second factor of the credential used here
        # (a verified session, or a token issued with a code); without one, none is issued
        try:
            token, key = services.api_token_issue(
                user=request.user, name=data.validated_data.get("name", ""), ip=client_ip(request),
                second_factor=services.credential_has_second_factor(request),
            )
        except services.TwoFactorError as exc:
            raise PermissionDenied(str(exc)) from None
        token.token = key
        return Response(self.CreatedSerializer(token, context={"request": request}).data,
                        status=status.HTTP_201_CREATED)


class TokenDetailApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(responses={204: None}, summary="Revoke one of your API tokens")
    def delete(self, request, pk: int):
        token = generics.get_object_or_404(services.api_tokens_of(request.user), pk=pk)
        services.api_token_revoke(token=token, actor=request.user, reason="revoked_by_owner",
                                  ip=client_ip(request))
        return Response(status=status.HTTP_204_NO_CONTENT)


class SignOutEverywhereApi(APIView):
    """End every session and revoke every API token of the caller (this one included)."""

    permission_classes = [IsAuthenticated]

    @extend_schema(request=None, responses={204: None}, summary="Sign out everywhere")
    def post(self, request):
        services.user_sign_out_everywhere(user=request.user, ip=client_ip(request))
        return Response(status=status.HTTP_204_NO_CONTENT)
