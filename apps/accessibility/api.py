"""``GET /api/v1/accessibility-sites/`` and ``/{id}/``: ramps, accessible toilets, tactile
paving, lifts, accessible parking spaces and barrier-free entrances."""

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers

from apps.places.kind_api import FacilityKindDetailApi, FacilityKindListApi
from apps.places.registry import detail_url
from apps.places.serializers import FacilitySerializer

from .filters import AccessibilitySiteFilter
from .models import AccessibilitySite
from .selectors import sites


class AccessibilitySiteSerializer(FacilitySerializer):
    detail_url_name = "accessibility:detail"

    site_type = serializers.CharField()
    site_type_label = serializers.CharField(source="get_site_type_display")
    condition = serializers.CharField(help_text="good, needs_repair or out_of_service")
    condition_label = serializers.CharField(source="get_condition_display")
    serves = serializers.SerializerMethodField(
        help_text="the facility it serves ({kind, id, name, url}) or null; serves_address otherwise")
    serves_address = serializers.CharField(source="display_serves_address")
    built_in = serializers.IntegerField(allow_null=True)

    def get_serves(self, site) -> dict | None:
        facility = site.serves_facility
        if facility is None:
            return None
        return {"kind": facility.kind, "id": facility.pk, "name": facility.display_name,
                "url": detail_url(facility.kind, facility.pk)}


@extend_schema_view(
    get=extend_schema(
        summary="Accessibility sites (无障碍设施)",
        description="Published accessibility sites: type, condition and the facility or address each "
        "serves. Filters: street, community, search, open_now, accessible, site_type (ramp, "
        "accessible_toilet, tactile_paving, lift, accessible_parking, barrier_free_entrance; any of), "
        "condition (good, needs_repair, out_of_service; any of), serves_kind, built_in.",
        tags=["facilities"],
    )
)
class AccessibilitySiteListApi(FacilityKindListApi):
    serializer_class = AccessibilitySiteSerializer
    filterset_class = AccessibilitySiteFilter
    app = "accessibility"
    selectors = sites


@extend_schema_view(get=extend_schema(summary="One accessibility site", tags=["facilities"]))
class AccessibilitySiteDetailApi(FacilityKindDetailApi):
    serializer_class = AccessibilitySiteSerializer
    queryset = AccessibilitySite.objects.none()  # for the schema
    selectors = sites
