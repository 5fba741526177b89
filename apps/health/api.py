"""``GET /api/v1/health/`` and ``/api/v1/health/{id}/`` (the kit's views: see
apps.places.kind_api)."""

from rest_framework import serializers

from apps.places.serializers import FacilitySerializer, OfferField

from .models import HealthService


class HealthInstitutionSerializer(FacilitySerializer):
    detail_url_name = "health:detail"

    type = serializers.CharField(source="institution_type")
    type_label = serializers.CharField(source="get_institution_type_display")
    grade = serializers.CharField(help_text="hospitals: 3a, 3b, 2a, 2b or 1; empty when not graded")
    grade_label = serializers.CharField(source="get_grade_display")
    services = OfferField(choices=HealthService)
    mutual_recognition = serializers.BooleanField(
        help_text="in the district's group that recognises each other's test results")
