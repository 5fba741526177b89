"""Problem reports API (``/api/v1/reports/``): the public list and detail (no personal data),
a new report, "me too" and the reporter's rating. Views are thin: the services validate and
write, the selectors read."""

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import generics, permissions, serializers, status
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from apps.core.pagination import SeekPagination
from apps.core.throttles import ScopedUserAndAddressThrottle
from apps.places import crs as crs_module

from . import selectors, services
from .clients import address_hash
from .filters import ReportFilter
from .models import Rating, Report, Source, Status


class _Named(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField(source="display_name")


class ReportOutput(serializers.Serializer):
    """What anybody may see of a report: never the reporter, their contact or, for a report
    marked private, the exact point (``lat``/``lon`` are rounded to about 100 m then)."""

    id = serializers.IntegerField()
    reference = serializers.CharField()
    category = serializers.CharField(source="category.code")
    category_name = serializers.CharField(source="category.display_name")
    kind = serializers.CharField(help_text="the facility kind the report is about; empty for any place")
    facility = serializers.IntegerField(source="facility_id", allow_null=True)
    sub_district = _Named()
    community = serializers.IntegerField(source="community_id", allow_null=True)
    lat = serializers.FloatField(source="public_lat")
    lon = serializers.FloatField(source="public_lon")
    location_private = serializers.BooleanField()
    address = serializers.CharField(source="address_string")
    description = serializers.CharField()
    status = serializers.CharField(help_text=" | ".join(Status.values))
    status_label = serializers.CharField(source="get_status_display")
    is_open = serializers.BooleanField()
    public_answer = serializers.CharField()
    supporters_count = serializers.IntegerField()
    created_at = serializers.DateTimeField()
    updated_at = serializers.DateTimeField()
    url = serializers.SerializerMethodField()

    def get_url(self, obj) -> str:
        path = f"/reports/{obj.pk}/"
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request else path


class HistoryOutput(serializers.Serializer):
    action = serializers.CharField()
    status = serializers.CharField(source="to_status")
    status_label = serializers.SerializerMethodField()
    public_answer = serializers.CharField()
    at = serializers.DateTimeField(source="created_at")

    def get_status_label(self, obj) -> str:
        return str(Status(obj.to_status).label) if obj.to_status in Status.values else ""


class PhotoOutput(serializers.Serializer):
    url = serializers.SerializerMethodField()
    thumbnail_url = serializers.SerializerMethodField()

    def get_url(self, obj) -> str:
        return obj.image.url

    def get_thumbnail_url(self, obj) -> str:
        return (obj.thumbnail or obj.image).url


class ReportDetailOutput(ReportOutput):
    resolve_due = serializers.DateTimeField(allow_null=True, source="public_resolve_due")
    history = HistoryOutput(many=True, source="public_history")
    photos = PhotoOutput(many=True, source="photos.all")


class ReportInput(serializers.Serializer):
    category = serializers.CharField(max_length=60, help_text=_("The category's code (GET /open311/v2/services.json)."))
    description = serializers.CharField(max_length=4000, allow_blank=True, trim_whitespace=False)
    lat = serializers.FloatField(required=False, allow_null=True)
    lon = serializers.FloatField(required=False, allow_null=True)
    crs = serializers.ChoiceField(choices=list(crs_module.SYSTEMS), required=False, default=crs_module.WGS84)
    facility = serializers.IntegerField(required=False, allow_null=True, min_value=1, max_value=2**62)
    address = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")
    location_private = serializers.BooleanField(required=False, default=False)
    contact_name = serializers.CharField(max_length=50, required=False, allow_blank=True, default="")
    contact_phone = serializers.CharField(max_length=20, required=False, allow_blank=True, default="")
    contact_email = serializers.CharField(max_length=254, required=False, allow_blank=True, default="")
    photos = serializers.ListField(child=serializers.FileField(), required=False, default=list, max_length=5)
    share_photo_location = serializers.BooleanField(required=False, default=False)


class SupportOutput(serializers.Serializer):
    counted = serializers.BooleanField(help_text=_("False when you had already said so (or it is your own report)."))
    supporters_count = serializers.IntegerField()


class RateInput(serializers.Serializer):
    rating = serializers.ChoiceField(choices=Rating.choices)
    comment = serializers.CharField(max_length=1000, required=False, allow_blank=True, default="")


def _public_report(pk: int) -> Report:
    return get_object_or_404(selectors.public_reports(), pk=pk)


class ReportListCreateApi(generics.ListAPIView):
    """Public problem reports, newest first, filtered by ``kind``, ``category`` (code),
    ``status``, ``street`` (sub-district id), ``date_from`` and ``date_to`` (Beijing dates).
    ``POST`` makes a new report (anonymous allowed; limited per account and per address)."""

    serializer_class = ReportOutput
    filterset_class = ReportFilter
    pagination_class = SeekPagination
    seek_order = selectors.LIST_ORDER
    throttle_scope = "report_submit"
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    def get_queryset(self):
        return selectors.public_reports()

    def seek_load(self, pks):
        return selectors.public_reports().filter(pk__in=pks)

    def get_throttles(self):
        return [ScopedUserAndAddressThrottle()] if self.request.method == "POST" else []

    @extend_schema(request={"application/json": ReportInput, "multipart/form-data": ReportInput},
                   responses={201: ReportDetailOutput}, summary="Report a problem")
    def post(self, request):
        data = ReportInput(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        report = services.report_submit(
            category=values["category"], description=values["description"], lat=values.get("lat"),
            lon=values.get("lon"), crs=values["crs"], facility_id=values.get("facility"),
            address_string=values["address"], location_private=values["location_private"],
            contact_name=values["contact_name"], contact_phone=values["contact_phone"],
            contact_email=values["contact_email"], reporter=request.user, source=Source.API,
            photos=values["photos"], share_photo_location=values["share_photo_location"],
        )
        report = selectors.public_report_detail(pk=report.pk)
        return Response(ReportDetailOutput(report, context={"request": request}).data,
                        status=status.HTTP_201_CREATED)


class ReportDetailApi(APIView):
    @extend_schema(responses=ReportDetailOutput, summary="One report, with its public history")
    def get(self, request, pk: int):
        report = selectors.public_report_detail(pk=pk, user=request.user)
        return Response(ReportDetailOutput(report, context={"request": request}).data)


class ReportSupportApi(APIView):
    """"Me too": once per account, or once per address for anonymous callers; a signed-in
    supporter follows the report. Limited per account and per address."""

    throttle_scope = "report_support"
    throttle_classes = [ScopedUserAndAddressThrottle]

    @extend_schema(request=None, responses={200: SupportOutput, 201: SupportOutput}, summary="Me too")
    def post(self, request, pk: int):
        report = _public_report(pk)
        counted = services.report_support(report=report, user=request.user, address_hash=address_hash(request))
        report.refresh_from_db(fields=["supporters_count"])
        return Response({"counted": counted, "supporters_count": report.supporters_count},
                        status=status.HTTP_201_CREATED if counted else status.HTTP_200_OK)


class ReportRateApi(APIView):
    """The reporter rates a resolved report; "dissatisfied" reopens it once."""

    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(request=RateInput, responses={200: ReportDetailOutput}, summary="Rate the answer (reporter only)")
    def post(self, request, pk: int):
        report = get_object_or_404(selectors.visible_reports(request.user), pk=pk)
        data = RateInput(data=request.data)
        data.is_valid(raise_exception=True)
        services.report_rate(report=report, user=request.user, rating=data.validated_data["rating"],
                             comment=data.validated_data["comment"])
        report = selectors.public_report_detail(pk=pk, user=request.user)
        return Response(ReportDetailOutput(report, context={"request": request}).data)
