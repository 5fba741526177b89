"""``GET /api/v1/eldercare/`` and ``/api/v1/eldercare/{id}/`` (the kit's views: see
apps.places.kind_api)."""

from rest_framework import serializers

from apps.places.serializers import FacilitySerializer, OfferField

from .models import Service
from .selectors import nearest_canteen


class NearestFacilitySerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    distance_m = serializers.IntegerField()
    url = serializers.CharField()


class ElderCareSerializer(FacilitySerializer):
    detail_url_name = "eldercare:detail"

    level = serializers.CharField()
    level_label = serializers.CharField(source="get_level_display")
    operator = serializers.CharField(source="display_operator")
    contact = serializers.CharField()
    eligibility = serializers.CharField(source="display_eligibility")
    services = OfferField(choices=Service)
    respite_beds = serializers.IntegerField()
    home_service = serializers.BooleanField()
    home_service_radius_m = serializers.IntegerField(allow_null=True)


class ElderCareDetailSerializer(ElderCareSerializer):
    nearest_canteen = serializers.SerializerMethodField()

    def get_nearest_canteen(self, site) -> NearestFacilitySerializer(allow_null=True):
        return nearest_canteen(site)
