"""``GET /api/v1/parks/`` and ``/api/v1/parks/{id}/`` (CONTRACT §4 "Facilities")."""

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers

from apps.places.kind_api import FacilityKindDetailApi, FacilityKindListApi
from apps.places.serializers import FacilitySerializer

from .filters import ParkFilter
from .models import Park
from .selectors import parks


class AmenitySerializer(serializers.Serializer):
    amenity = serializers.CharField()
    label = serializers.CharField(source="get_amenity_display")
    note = serializers.CharField(source="display_note")

    def to_representation(self, amenity):
        # written out (a list page shows ~100 amenities; issue 21); tests/parks hold it equal
        # to the declared fields
        note = amenity.display_note
        return {"amenity": str(amenity.amenity), "label": str(amenity.get_amenity_display()),
                "note": None if note is None else str(note)}


class ParkSerializer(FacilitySerializer):
    detail_url_name = "parks:detail"

    park_type = serializers.CharField()
    park_type_label = serializers.CharField(source="get_park_type_display")
    area_m2 = serializers.IntegerField(allow_null=True)
    green_area_m2 = serializers.IntegerField(allow_null=True)
    green_percent = serializers.IntegerField(allow_null=True)
    opened_on = serializers.DateField(allow_null=True)
    opened_on_precision = serializers.CharField(
        help_text="day, or month when only the month is known (opened_on is then the month's first day)")
    opened_display = serializers.CharField()
    parking_spaces = serializers.IntegerField()
    amenities = AmenitySerializer(many=True)


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
    selectors = parks


@extend_schema_view(get=extend_schema(summary="One park", tags=["facilities"]))
class ParkDetailApi(FacilityKindDetailApi):
    serializer_class = ParkSerializer
    queryset = Park.objects.none()  # for the schema
    selectors = parks
