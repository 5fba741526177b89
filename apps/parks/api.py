"""``GET /api/v1/parks/`` and ``/api/v1/parks/{id}/`` (CONTRACT §4 "Facilities")."""

from django.urls import reverse
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers

from apps.places.kind_api import FacilityKindDetailApi, FacilityKindListApi
from apps.places.serializers import (
    FacilityPhotoSerializer,
    OpeningExceptionSerializer,
    OpeningHoursSerializer,
)

from .filters import ParkFilter
from .models import Park
from .selectors import annotate_display, park_base, park_detail, with_display_data


class AmenitySerializer(serializers.Serializer):
    amenity = serializers.CharField()
    label = serializers.CharField(source="get_amenity_display")
    note = serializers.CharField(source="display_note")


class ParkSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField(source="display_name")
    name_zh = serializers.CharField(source="name")
    name_en = serializers.CharField()
    address = serializers.CharField(source="display_address")
    lat = serializers.FloatField()
    lon = serializers.FloatField()
    street = serializers.IntegerField(source="community.sub_district_id", help_text="sub-district id")
    street_name = serializers.CharField(source="community.sub_district.display_name")
    community = serializers.IntegerField(source="community_id")
    community_name = serializers.CharField(source="community.display_name")
    url = serializers.SerializerMethodField()
    phone = serializers.CharField()
    status = serializers.CharField()
    open_now = serializers.BooleanField()
    opening_hours = OpeningHoursSerializer(many=True)
    opening_exceptions = OpeningExceptionSerializer(many=True, source="upcoming_exceptions")
    accessibility = serializers.ListField(child=serializers.CharField(), help_text="feature codes")
    accessibility_labels = serializers.ListField(child=serializers.CharField())
    photos = FacilityPhotoSerializer(many=True)
    last_verified = serializers.DateField(allow_null=True)
    is_illustrative = serializers.BooleanField()
    park_type = serializers.CharField()
    park_type_label = serializers.CharField(source="get_park_type_display")
    area_m2 = serializers.IntegerField(allow_null=True)
    green_area_m2 = serializers.IntegerField(allow_null=True)
    green_percent = serializers.IntegerField(allow_null=True)
    opened_on = serializers.DateField(allow_null=True)
    parking_spaces = serializers.IntegerField()
    amenities = AmenitySerializer(many=True)

    def get_url(self, park) -> str:
        return reverse("parks:detail", args=[park.pk])


@extend_schema_view(
    get=extend_schema(
        summary="Parks (口袋公园 and others)",
        description="Published parks with area, green area, opening date, parking and amenities. "
        "Filters: street (sub-district id), community (id), search, open_now, amenity (play_area, "
        "fitness, toilets, seating, running_track, walking_path, sports_court, parking, "
        "drinking_water, waterfront; all must be present, comma list), park_type (pocket, city, "
        "riverside; any of), min_area_m2, parking.",
        tags=["facilities"],
    )
)
class ParkListApi(FacilityKindListApi):
    serializer_class = ParkSerializer
    filterset_class = ParkFilter
    app = "parks"
    base = staticmethod(park_base)
    with_display_data = staticmethod(with_display_data)
    annotate = staticmethod(annotate_display)


@extend_schema_view(get=extend_schema(summary="One park", tags=["facilities"]))
class ParkDetailApi(FacilityKindDetailApi):
    serializer_class = ParkSerializer
    queryset = Park.objects.none()  # for the schema
    detail = staticmethod(park_detail)
