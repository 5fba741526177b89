"""The operator API's shared part (see :mod:`apps.accounts.operators`): authentication, the
"is an operator of this kind" permission and the machine-token endpoints (list and issue,
rotate, revoke). A kind's ``api.py`` subclasses the views with its ``scheme``."""

from django.urls import path
from drf_spectacular.utils import extend_schema
from rest_framework import authentication, exceptions, generics, permissions, serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from apps.core.api import ErrorSerializer

from . import services as account_services
from .api import client_ip
from .authentication import OperatorTokenAuthentication

# Machines use an operator token (scoped to facilities; a resident's sign-in token is refused
# here); a signed-in operator in a browser may use the session. Token first, so an anonymous
# caller gets 401 with ``WWW-Authenticate: Token``.
OPERATOR_AUTHENTICATION = [OperatorTokenAuthentication, authentication.SessionAuthentication]


def operator_permission(scheme, message):
    """A permission: an authenticated user with an active account of ``scheme``'s operators
    (set on ``request.operator``)."""

    class IsOperator(permissions.BasePermission):
        def has_permission(self, request, view):
            operator = scheme.operator_for_user(request.user)
            request.operator = operator
            return operator is not None

    IsOperator.message = message
    return IsOperator


# (The two bases below have no docstring: the schema would show it as their subclasses'.)


class OperatorListApi(generics.ListAPIView):
    # A list of the operator's own rows (all of them: no filters): set ``permission_classes``
    # (``IsAuthenticated`` and the kind's operator_permission()), ``serializer_class`` and
    # ``get_queryset()``.
    authentication_classes = OPERATOR_AUTHENTICATION
    filter_backends: list = []


class OperatorReportApi(APIView):
    # ``POST``: a report about one of the operator's own rows (``pk``; another is a 404). Set
    # ``permission_classes``, ``InputSerializer`` and ``OutputSerializer`` and define own() and
    # report(); the subclass's ``post`` carries the schema and calls this one.
    authentication_classes = OPERATOR_AUTHENTICATION
    InputSerializer: type[serializers.Serializer]
    OutputSerializer: type[serializers.Serializer]

    def own(self, request):
        """The rows the operator (and its token) may report on."""
        raise NotImplementedError

    def report(self, request, row, data: dict):
        """Records the report ``data`` (validated input) about ``row`` (a service call); returns
        what ``OutputSerializer`` shows."""
        raise NotImplementedError

    def post(self, request, pk: int):
        row = generics.get_object_or_404(self.own(request), pk=pk)
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        return Response(self.OutputSerializer(self.report(request, row, data.validated_data)).data)


def token_serializers(scheme, help_text: str, name: str = ""):
    """(list serializer, created serializer) of ``scheme``'s tokens; the facilities are listed
    under the scheme's ``facilities_field``."""
    field = scheme.facilities_field

    def get_facilities(self, scope) -> list[int]:
        return sorted(f.pk for f in getattr(scope, field).all())

    listed = type(f"{name}OperatorTokenSerializer", (serializers.Serializer,), {
        "id": serializers.IntegerField(),
        "name": serializers.CharField(source="token.name"),
        "prefix": serializers.CharField(source="token.prefix"),
        "created": serializers.DateTimeField(source="token.created"),
        "last_used": serializers.DateTimeField(source="token.last_used", allow_null=True),
        "expires": serializers.DateTimeField(source="token.expires"),
        field: serializers.SerializerMethodField(help_text=help_text),
        f"get_{field}": get_facilities,
    })
    created = type(f"{name}OperatorTokenCreatedSerializer", (listed,), {
        "token": serializers.CharField(source="key", help_text="The key: shown this once, never again."),
    })
    return listed, created


def token_input_serializer(scheme, name: str = ""):
    return type(f"{name}OperatorTokenInput", (serializers.Serializer,), {
        "name": serializers.CharField(max_length=100, required=False, allow_blank=True),
        scheme.facilities_field: serializers.ListField(child=serializers.IntegerField(), required=False,
                                                       max_length=500),
    })


def token_views(scheme, permission, *, tag: str, help_text: str, name: str = ""):
    """The three token views of ``scheme``'s operators: (list and issue, rotate, revoke).
    ``name`` prefixes the schema's component names (unique per kind)."""
    listed, created = token_serializers(scheme, help_text, name)
    input_serializer = token_input_serializer(scheme, name)
    permission_classes = [permissions.IsAuthenticated, permission]

    @extend_schema(tags=[tag])
    class TokenList(OperatorTokenListBase):
        @extend_schema(summary="Your operator tokens")
        def get(self, request, *args, **kwargs):
            return super().get(request, *args, **kwargs)

        @extend_schema(summary="Issue an operator token", request=input_serializer,
                       responses={201: created, 400: ErrorSerializer})
        def post(self, request):
            return super().post(request)

    @extend_schema(tags=[tag])
    class TokenRotate(OperatorTokenRotateBase):
        @extend_schema(summary="Rotate an operator token", request=None,
                       responses={201: created, 404: ErrorSerializer},
                       description="A new key with the same facilities; the old key is refused at once.")
        def post(self, request, pk: int):
            return super().post(request, pk)

    @extend_schema(tags=[tag])
    class TokenDetail(OperatorTokenDetailBase):
        pass

    for view in (TokenList, TokenRotate, TokenDetail):
        view.scheme, view.permission_classes = scheme, permission_classes
    TokenList.serializer_class, TokenList.input_class = listed, input_serializer
    TokenList.created_serializer_class = TokenRotate.created_serializer_class = created
    return TokenList, TokenRotate, TokenDetail


class OperatorTokenListBase(generics.ListAPIView):
    """The operator's machine tokens (for ``Authorization: Token <key>`` on the operator API).
    Managed by a signed-in operator account (session or personal token), not by a machine
    token. ``POST`` issues one, limited to some of the operator's facilities (all when none).
    Subclasses set ``scheme``, ``permission_classes``, ``serializer_class`` and
    ``created_serializer_class``."""

    scheme = None
    input_class = None
    created_serializer_class = None
    filter_backends: list = []

    def get_queryset(self):
        return self.scheme.tokens(self.request.operator)

    def post(self, request):
        data = self.input_class(data=request.data)
        data.is_valid(raise_exception=True)
        field = self.scheme.facilities_field
        wanted = set(data.validated_data.get(field, []))
        facilities = list(self.scheme.facility_model.objects.filter(pk__in=wanted, operator=request.operator))
        if len(facilities) != len(wanted):
            raise serializers.ValidationError({field: [str(self.scheme.foreign_message)]})
        try:
            scope, key = self.scheme.issue(operator=request.operator, user=request.user, facilities=facilities,
                                           name=data.validated_data.get("name", ""), ip=client_ip(request),
                                           second_factor=account_services.credential_has_second_factor(request))
        except account_services.TwoFactorError as exc:
            raise exceptions.PermissionDenied(str(exc)) from None
        scope.key = key
        return Response(self.created_serializer_class(scope).data, status=status.HTTP_201_CREATED)


class OperatorTokenRotateBase(APIView):
    scheme = None
    created_serializer_class = None

    def post(self, request, pk: int):
        scope = generics.get_object_or_404(self.scheme.tokens(request.operator), pk=pk)
        try:
            new_scope, key = self.scheme.rotate(
                scope=scope, user=request.user, ip=client_ip(request),
                second_factor=account_services.credential_has_second_factor(request))
        except account_services.TwoFactorError as exc:
            raise exceptions.PermissionDenied(str(exc)) from None
        new_scope.key = key
        return Response(self.created_serializer_class(new_scope).data, status=status.HTTP_201_CREATED)


class OperatorTokenDetailBase(APIView):
    scheme = None

    @extend_schema(summary="Revoke an operator token", responses={204: None, 404: ErrorSerializer})
    def delete(self, request, pk: int):
        scope = generics.get_object_or_404(self.scheme.tokens(request.operator), pk=pk)
        self.scheme.revoke(scope=scope, user=request.user, ip=client_ip(request))
        return Response(status=status.HTTP_204_NO_CONTENT)


def token_urlpatterns(prefix: str, views, name: str) -> list:
    """The token endpoints of :func:`token_views` under ``prefix`` ("charging/operator/tokens/"),
    named ``<name>s``, ``<name>`` and ``<name>-rotate``."""
    listed, rotate, detail = views
    return [
        path(prefix, listed.as_view(), name=f"{name}s"),
        path(f"{prefix}<int:pk>/", detail.as_view(), name=name),
        path(f"{prefix}<int:pk>/rotate/", rotate.as_view(), name=f"{name}-rotate"),
    ]
