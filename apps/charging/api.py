"""Public: ``GET /api/v1/charging-stations/`` and ``/{id}/`` (CONTRACT §4 "Facilities").
Operators: ``GET /api/v1/charging/operator/charge-points/`` and
``POST /api/v1/charging/operator/charge-points/{id}/status/`` (token of a user with an
operator account; only the operator's own charge points)."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import authentication, generics, permissions, serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from apps.accounts.api import client_ip
from apps.accounts.authentication import OperatorTokenAuthentication
from apps.core.api import ErrorSerializer
from apps.places.kind_api import FacilityKindDetailApi, FacilityKindListApi
from apps.places.serializers import FacilitySerializer

from . import services
from .filters import ChargingStationFilter
from .models import ChargePointStatus, ChargingStation
from .selectors import stations


class ConnectorSerializer(serializers.Serializer):
    number = serializers.IntegerField()
    standard = serializers.CharField()
    standard_label = serializers.CharField(source="get_standard_display")
    power_type = serializers.CharField()
    max_power_kw = serializers.DecimalField(max_digits=6, decimal_places=1, coerce_to_string=False)


class ChargePointSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    code = serializers.CharField(help_text="EVSE ID")
    label = serializers.CharField()
    status = serializers.CharField(
        source="live", help_text="available, charging, out_of_order or unknown (also when the last "
        "report is too old to mean anything)")
    reported_status = serializers.CharField(source="status")
    status_reported_at = serializers.DateTimeField(allow_null=True)
    connectors = ConnectorSerializer(many=True)


class TariffSerializer(serializers.Serializer):
    currency = serializers.SerializerMethodField()
    price_per_kwh = serializers.DecimalField(max_digits=6, decimal_places=3)
    service_fee_per_kwh = serializers.DecimalField(max_digits=6, decimal_places=3)
    total_per_kwh = serializers.DecimalField(max_digits=7, decimal_places=3)
    parking_fee_per_hour = serializers.DecimalField(max_digits=6, decimal_places=2, allow_null=True)
    parking_note = serializers.CharField(source="display_parking_note")

    def get_currency(self, station) -> str:
        return "CNY"


class ChargingStationSerializer(FacilitySerializer):
    detail_url_name = "charging:detail"

    operator = serializers.CharField(source="operator.display_name")
    is_public = serializers.BooleanField()
    tariff = serializers.SerializerMethodField()
    points_total = serializers.IntegerField()
    points_available = serializers.IntegerField()
    max_power_kw = serializers.DecimalField(max_digits=6, decimal_places=1, allow_null=True,
                                            coerce_to_string=False)
    charge_points = ChargePointSerializer(many=True)

    def get_tariff(self, station) -> TariffSerializer:
        return TariffSerializer(station).data


@extend_schema_view(
    get=extend_schema(
        summary="Charging stations (充电站)",
        description="Published charging stations with charge points (piles), connectors, live "
        "status and tariff. Filters: street (sub-district id), community (id), search, open_now, "
        "connector (gbt_ac, gbt_dc, ccs2, type2, chademo, chaoji; any of, comma list), "
        "min_power_kw, available (a charge point reported available recently), power_type, public.",
        tags=["facilities"],
    )
)
class ChargingStationListApi(FacilityKindListApi):
    serializer_class = ChargingStationSerializer
    filterset_class = ChargingStationFilter
    app = "charging"
    selectors = stations


@extend_schema_view(get=extend_schema(summary="One charging station", tags=["facilities"]))
class ChargingStationDetailApi(FacilityKindDetailApi):
    serializer_class = ChargingStationSerializer
    queryset = ChargingStation.objects.none()  # for the schema
    selectors = stations


# Machines use an operator token (issued below, scoped to stations; a resident's sign-in
# token is refused here); a signed-in operator in a browser may use the session. Token
# first, so an anonymous caller gets 401 with ``WWW-Authenticate: Token``.
OPERATOR_AUTHENTICATION = [OperatorTokenAuthentication, authentication.SessionAuthentication]


class IsChargingOperator(permissions.BasePermission):
    """An authenticated user with an active operator account."""

    message = _("Only charging operators' accounts may do this.")

    def has_permission(self, request, view):
        operator = services.operator_for_user(request.user)
        request.charging_operator = operator
        return operator is not None


class OperatorChargePointSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    code = serializers.CharField()
    label = serializers.CharField()
    station = serializers.IntegerField(source="station_id")
    station_name = serializers.CharField(source="station.display_name")
    status = serializers.CharField()
    status_reported_at = serializers.DateTimeField(allow_null=True)


@extend_schema(tags=["charging operators"], summary="The operator's own charge points")
class OperatorChargePointListApi(generics.ListAPIView):
    authentication_classes = OPERATOR_AUTHENTICATION
    permission_classes = [permissions.IsAuthenticated, IsChargingOperator]
    serializer_class = OperatorChargePointSerializer
    filter_backends: list = []

    def get_queryset(self):
        return (services.operator_charge_points(self.request.charging_operator, token=self.request.auth)
                .select_related("station").order_by("id"))


class StatusReportApi(APIView):
    """Report the live status of one of the operator's own charge points."""

    authentication_classes = OPERATOR_AUTHENTICATION
    permission_classes = [permissions.IsAuthenticated, IsChargingOperator]

    class InputSerializer(serializers.Serializer):
        status = serializers.ChoiceField(choices=ChargePointStatus.choices)
        reported_at = serializers.DateTimeField(
            required=False, help_text="When the charge point was in this status (ISO 8601 with "
            "offset); default now. An older report than the applied one is kept but not applied.")

    class OutputSerializer(serializers.Serializer):
        id = serializers.IntegerField(source="charge_point.id")
        code = serializers.CharField(source="charge_point.code")
        status = serializers.CharField(source="charge_point.status")
        status_reported_at = serializers.DateTimeField(source="charge_point.status_reported_at")
        applied = serializers.BooleanField(help_text="false when a newer report was already applied")
        report_id = serializers.IntegerField(source="id")

    @extend_schema(
        tags=["charging operators"],
        summary="Report a charge point's live status",
        request=InputSerializer,
        responses={
            200: OutputSerializer,
            400: OpenApiResponse(description="invalid status or time"),
            401: ErrorSerializer, 403: ErrorSerializer,
            404: OpenApiResponse(ErrorSerializer, description="not one of your charge points"),
        },
    )
    def post(self, request, pk: int):
        charge_point = generics.get_object_or_404(
            services.operator_charge_points(request.charging_operator, token=request.auth), pk=pk
        )
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        report = services.charge_point_status_report(
            charge_point=charge_point, reported_by=request.user, operator=request.charging_operator,
            **data.validated_data,
        )
        return Response(self.OutputSerializer(report).data)


class OperatorTokenSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField(source="token.name")
    prefix = serializers.CharField(source="token.prefix")
    created = serializers.DateTimeField(source="token.created")
    last_used = serializers.DateTimeField(source="token.last_used", allow_null=True)
    expires = serializers.DateTimeField(source="token.expires")
    stations = serializers.SerializerMethodField(help_text="Empty: every station of the operator.")

    def get_stations(self, scope) -> list[int]:
        return sorted(station.pk for station in scope.stations.all())


class OperatorTokenCreatedSerializer(OperatorTokenSerializer):
    token = serializers.CharField(source="key", help_text="The key: shown this once, never again.")


@extend_schema(tags=["charging operators"])
class OperatorTokenListApi(generics.ListAPIView):
    """The operator's machine tokens (for ``Authorization: Token <key>`` on the operator API).
    Managed by a signed-in operator account (session or personal token), not by a machine
    token. ``POST`` issues one, limited to some of the operator's stations (all when none)."""

    permission_classes = [permissions.IsAuthenticated, IsChargingOperator]
    serializer_class = OperatorTokenSerializer
    filter_backends: list = []

    class InputSerializer(serializers.Serializer):
        name = serializers.CharField(max_length=100, required=False, allow_blank=True)
        stations = serializers.ListField(child=serializers.IntegerField(), required=False, max_length=500)

    def get_queryset(self):
        return services.operator_tokens(self.request.charging_operator)

    @extend_schema(summary="Your operator tokens")
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    @extend_schema(summary="Issue an operator token", request=InputSerializer,
                   responses={201: OperatorTokenCreatedSerializer, 400: ErrorSerializer})
    def post(self, request):
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        wanted = set(data.validated_data.get("stations", []))
        stations = list(ChargingStation.objects.filter(pk__in=wanted, operator=request.charging_operator))
        if len(stations) != len(wanted):
            raise serializers.ValidationError({"stations": [_("Only your own stations can be given to a token.")]})
        scope, key = services.operator_token_issue(
            operator=request.charging_operator, user=request.user, stations=stations,
            name=data.validated_data.get("name", ""), ip=client_ip(request))
        scope.key = key
        return Response(OperatorTokenCreatedSerializer(scope).data, status=status.HTTP_201_CREATED)


@extend_schema(tags=["charging operators"])
class OperatorTokenRotateApi(APIView):
    permission_classes = [permissions.IsAuthenticated, IsChargingOperator]

    @extend_schema(summary="Rotate an operator token", request=None,
                   responses={201: OperatorTokenCreatedSerializer, 404: ErrorSerializer},
                   description="A new key with the same stations; the old key is refused at once.")
    def post(self, request, pk: int):
        scope = generics.get_object_or_404(services.operator_tokens(request.charging_operator), pk=pk)
        new_scope, key = services.operator_token_rotate(scope=scope, user=request.user, ip=client_ip(request))
        new_scope.key = key
        return Response(OperatorTokenCreatedSerializer(new_scope).data, status=status.HTTP_201_CREATED)


@extend_schema(tags=["charging operators"])
class OperatorTokenDetailApi(APIView):
    permission_classes = [permissions.IsAuthenticated, IsChargingOperator]

    @extend_schema(summary="Revoke an operator token", responses={204: None, 404: ErrorSerializer})
    def delete(self, request, pk: int):
        scope = generics.get_object_or_404(services.operator_tokens(request.charging_operator), pk=pk)
        services.operator_token_revoke(scope=scope, user=request.user, ip=client_ip(request))
        return Response(status=status.HTTP_204_NO_CONTENT)
