"""Public: ``GET /api/v1/charging-stations/`` and ``/{id}/`` (CONTRACT §4 "Facilities").
Operators: ``GET /api/v1/charging/operator/charge-points/`` and
``POST /api/v1/charging/operator/charge-points/{id}/status/`` (token of a user with an
operator account; only the operator's own charge points)."""

from django.db.models.manager import BaseManager
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import permissions, serializers

from apps.accounts.operator_api import OperatorListApi, OperatorReportApi, operator_permission, token_views
from apps.core.api import ErrorSerializer
from apps.core.prefetch import related_rows
from apps.core.serializers import datetime_output, decimal_output
from apps.places.kind_api import FacilityKindDetailApi, FacilityKindListApi
from apps.places.serializers import FacilitySerializer

from . import services
from .filters import ChargingStationFilter
from .models import ChargePointStatus, ChargingStation, standard_labels
from .selectors import stations

# The connectors, charge points and tariff of a station are written out in
# ``to_representation`` (the declared fields stay for the schema): a 20-station list built
# ~100 nested serializers per page through DRF's per-field machinery, a third of the list's
# CPU (issue 21, bench/lists.py). tests/charging/test_api.py holds both equal.
_KW = decimal_output(serializers.DecimalField(max_digits=6, decimal_places=1, coerce_to_string=False))
_TIME_FIELD = serializers.DateTimeField(allow_null=True)
_TIME = _TIME_FIELD.to_representation
_PRICE = decimal_output(serializers.DecimalField(max_digits=6, decimal_places=3))
_TOTAL = decimal_output(serializers.DecimalField(max_digits=7, decimal_places=3))
_FEE = decimal_output(serializers.DecimalField(max_digits=6, decimal_places=2, allow_null=True))


def _or_none(convert, value):
    return None if value is None else convert(value)


def _text(value):
    return None if value is None else str(value)


def _connector(connector, labels=None) -> dict:
    label = labels.get(connector.standard) if labels is not None else None
    return {"number": int(connector.number), "standard": str(connector.standard),
            "standard_label": str(connector.get_standard_display() if label is None else label),
            "power_type": str(connector.power_type), "max_power_kw": _or_none(_KW, connector.max_power_kw)}


def _point(point, time=_TIME, labels=None) -> dict:
    return {"id": point.pk, "code": _text(point.code), "label": _text(point.label), "status": _text(point.live),
            "reported_status": _text(point.status), "status_reported_at": _or_none(time, point.status_reported_at),
            "connectors": [_connector(c, labels) for c in related_rows(point, "connectors")]}


class ChargePointListSerializer(serializers.ListSerializer):
    """A station's charge points written out with the timezone and the connector labels read
    once for all of them (per value they cost a charging list ~0.6 ms: ~80 times and ~120
    get_language() calls, each ~1.2 us, inside conversions of ~5 and ~2.5 us)."""

    def to_representation(self, data):
        rows = data.all() if isinstance(data, BaseManager) else data
        time, labels = datetime_output(_TIME_FIELD, timezone.get_current_timezone()), standard_labels()
        return [_point(point, time, labels) for point in rows]


def _tariff(station) -> dict:
    return {"currency": "CNY",
            "price_per_kwh": _or_none(_PRICE, station.price_per_kwh),
            "service_fee_per_kwh": _or_none(_PRICE, station.service_fee_per_kwh),
            "total_per_kwh": _or_none(_TOTAL, station.total_per_kwh),
            "parking_fee_per_hour": _or_none(_FEE, station.parking_fee_per_hour),
            "parking_note": _text(station.display_parking_note)}


class ConnectorSerializer(serializers.Serializer):
    number = serializers.IntegerField()
    standard = serializers.CharField()
    standard_label = serializers.CharField(source="get_standard_display")
    power_type = serializers.CharField()
    max_power_kw = serializers.DecimalField(max_digits=6, decimal_places=1, coerce_to_string=False)

    def to_representation(self, connector):
        return _connector(connector)


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

    class Meta:
        list_serializer_class = ChargePointListSerializer

    def to_representation(self, point):
        return _point(point)


class TariffSerializer(serializers.Serializer):
    currency = serializers.SerializerMethodField()
    price_per_kwh = serializers.DecimalField(max_digits=6, decimal_places=3)
    service_fee_per_kwh = serializers.DecimalField(max_digits=6, decimal_places=3)
    total_per_kwh = serializers.DecimalField(max_digits=7, decimal_places=3)
    parking_fee_per_hour = serializers.DecimalField(max_digits=6, decimal_places=2, allow_null=True)
    parking_note = serializers.CharField(source="display_parking_note")

    def get_currency(self, station) -> str:
        return "CNY"

    def to_representation(self, station):
        return _tariff(station)


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
        return _tariff(station)


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


IsChargingOperator = operator_permission(services.OPERATORS, _("Only charging operators' accounts may do this."))


class OperatorChargePointSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    code = serializers.CharField()
    label = serializers.CharField()
    station = serializers.IntegerField(source="station_id")
    station_name = serializers.CharField(source="station.display_name")
    status = serializers.CharField()
    status_reported_at = serializers.DateTimeField(allow_null=True)


@extend_schema(tags=["charging operators"], summary="The operator's own charge points")
class OperatorChargePointListApi(OperatorListApi):
    permission_classes = [permissions.IsAuthenticated, IsChargingOperator]
    serializer_class = OperatorChargePointSerializer

    def get_queryset(self):
        return (services.operator_charge_points(self.request.operator, token=self.request.auth)
                .select_related("station").order_by("id"))


class StatusReportApi(OperatorReportApi):
    """Report the live status of one of the operator's own charge points."""

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
        return super().post(request, pk)

    def own(self, request):
        return services.operator_charge_points(request.operator, token=request.auth)

    def report(self, request, charge_point, data):
        return services.charge_point_status_report(charge_point=charge_point, reported_by=request.user,
                                                   operator=request.operator, **data)


TOKEN_VIEWS = OperatorTokenListApi, OperatorTokenRotateApi, OperatorTokenDetailApi = token_views(
    services.OPERATORS, IsChargingOperator, tag="charging operators",
    help_text="Empty: every station of the operator.")
