"""Public: ``GET /api/v1/car-parks/`` and ``/{id}/`` (CONTRACT §4 "Facilities").
Operators: ``GET /api/v1/parking/operator/car-parks/``,
``POST /api/v1/parking/operator/car-parks/{id}/free-spaces/`` and the token endpoints (a
user with a parking operator account, or one of its machine tokens; only the operator's own
car parks, and of those the token's)."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import permissions, serializers

from apps.accounts.operator_api import OperatorListApi, OperatorReportApi, operator_permission, token_views
from apps.core.api import ErrorSerializer
from apps.places.kind_api import FacilityKindDetailApi, FacilityKindListApi
from apps.places.registry import detail_url
from apps.places.serializers import FacilitySerializer

from . import services
from .filters import CarParkFilter
from .models import CHARGING_KIND, CarPark
from .selectors import car_parks


class CarParkSerializer(FacilitySerializer):
    detail_url_name = "parking:detail"

    car_park_type = serializers.CharField()
    car_park_type_label = serializers.CharField(source="get_car_park_type_display")
    operator = serializers.CharField(source="operator.display_name", allow_null=True, default=None)
    spaces_total = serializers.IntegerField()
    accessible_spaces = serializers.IntegerField()
    ev_spaces = serializers.IntegerField()
    charging_site = serializers.SerializerMethodField(help_text="the charging station here: {id, url} or null")
    tariff = serializers.CharField(source="display_tariff")
    height_limit_m = serializers.DecimalField(max_digits=3, decimal_places=1, allow_null=True, coerce_to_string=False)
    free_spaces = serializers.IntegerField(source="free_now", allow_null=True,
                                           help_text="per the operator's fresh report; null when unknown or stale")
    free_spaces_reported_at = serializers.DateTimeField(allow_null=True)

    def get_charging_site(self, car_park) -> dict | None:
        if not car_park.charging_site_id:
            return None
        return {"id": car_park.charging_site_id, "url": detail_url(CHARGING_KIND, car_park.charging_site_id)}


@extend_schema_view(
    get=extend_schema(
        summary="Car parks (停车场)",
        description="Published car parks with spaces (total, accessible, with a charger), tariff, "
        "height limit and the free spaces their operators report. Filters: street (sub-district id), "
        "community (id), search, open_now, car_park_type (underground, multi_storey, on_street, "
        "residential_shared; any of, comma list), available (free spaces per a fresh report), "
        "accessible_spaces, ev_spaces, min_height_m.",
        tags=["facilities"],
    )
)
class CarParkListApi(FacilityKindListApi):
    serializer_class = CarParkSerializer
    filterset_class = CarParkFilter
    app = "parking"
    selectors = car_parks


@extend_schema_view(get=extend_schema(summary="One car park", tags=["facilities"]))
class CarParkDetailApi(FacilityKindDetailApi):
    serializer_class = CarParkSerializer
    queryset = CarPark.objects.none()  # for the schema
    selectors = car_parks


IsParkingOperator = operator_permission(services.OPERATORS, _("Only parking operators' accounts may do this."))


class OperatorCarParkSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    code = serializers.CharField(allow_null=True)
    name = serializers.CharField(source="display_name")
    spaces_total = serializers.IntegerField()
    free_spaces = serializers.IntegerField(allow_null=True)
    free_spaces_reported_at = serializers.DateTimeField(allow_null=True)


@extend_schema(tags=["parking operators"], summary="The operator's own car parks")
class OperatorCarParkListApi(OperatorListApi):
    permission_classes = [permissions.IsAuthenticated, IsParkingOperator]
    serializer_class = OperatorCarParkSerializer

    def get_queryset(self):
        return services.OPERATORS.own_facilities(self.request.operator, token=self.request.auth).order_by("id")


class FreeSpacesReportApi(OperatorReportApi):
    """Report the free spaces of one of the operator's own car parks."""

    permission_classes = [permissions.IsAuthenticated, IsParkingOperator]

    class InputSerializer(serializers.Serializer):
        free_spaces = serializers.IntegerField(min_value=0, max_value=100_000)
        reported_at = serializers.DateTimeField(
            required=False, help_text="When the car park had this many free spaces (ISO 8601 with "
            "offset); default now. An older report than the applied one is kept but not applied.")

    class OutputSerializer(serializers.Serializer):
        id = serializers.IntegerField(source="car_park.id")
        free_spaces = serializers.IntegerField(source="car_park.free_spaces", allow_null=True)
        free_spaces_reported_at = serializers.DateTimeField(source="car_park.free_spaces_reported_at",
                                                            allow_null=True)
        applied = serializers.BooleanField(help_text="false when a newer report was already applied")
        report_id = serializers.IntegerField(source="id")

    @extend_schema(
        tags=["parking operators"],
        summary="Report a car park's free spaces",
        request=InputSerializer,
        responses={
            200: OutputSerializer,
            400: OpenApiResponse(ErrorSerializer, description="invalid count or time"),
            401: ErrorSerializer, 403: ErrorSerializer,
            404: OpenApiResponse(ErrorSerializer, description="not one of your car parks"),
        },
    )
    def post(self, request, pk: int):
        return super().post(request, pk)

    def own(self, request):
        return services.OPERATORS.own_facilities(request.operator, token=request.auth)

    def report(self, request, car_park, data):
        report = services.free_spaces_report(car_park=car_park, reported_by=request.user,
                                             operator=request.operator, **data)
        report.car_park = car_park
        return report


TOKEN_VIEWS = OperatorTokenListApi, OperatorTokenRotateApi, OperatorTokenDetailApi = token_views(
    services.OPERATORS, IsParkingOperator, tag="parking operators",
    help_text="Empty: every car park of the operator.", name="Parking")
