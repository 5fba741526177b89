"""API of CONTRACT §4 "Communities and service coverage", plus the GeoJSON the coverage
map draws."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import generics, serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from apps.places.models import Community, SubDistrict

from .models import coverage_kinds
from .selectors import Row, coverage_rows, summarise
from .services import coverage_ensure
from .standards import reach_for


def parse_kind(value) -> str:
    kinds = ", ".join(coverage_kinds())
    if not value:
        raise ValidationError({"kind": [_("This parameter is required: one of %(kinds)s.") % {"kinds": kinds}]})
    if value not in coverage_kinds():
        raise ValidationError({"kind": [_("Unknown kind: choose one of %(kinds)s.") % {"kinds": kinds}]})
    return str(value)


def parse_street(value) -> int | None:
    """``street`` is a sub-district id (as in every list's ``street`` field) or its code."""
    if value in (None, ""):
        return None
    street = SubDistrict.objects.filter(code=value).values_list("pk", flat=True).first()
    if street is None and str(value).isdigit():
        street = SubDistrict.objects.filter(pk=int(value)).values_list("pk", flat=True).first()
    if street is None:
        raise ValidationError({"street": [_("Unknown sub-district.")]})
    return street


STREET_PARAMETER = OpenApiParameter(
    "street", OpenApiTypes.STR, description="Sub-district (街道) id or code.", required=False
)
KIND_PARAMETER = OpenApiParameter(
    "kind", OpenApiTypes.STR, enum=list(coverage_kinds()), required=True,
    description="Facility kind (every kind with a coverage standard).",
)


class CommunityOutput(serializers.ModelSerializer):
    name = serializers.CharField(source="display_name")
    street = serializers.IntegerField(source="sub_district_id", help_text="Sub-district id.")
    street_name = serializers.CharField(source="sub_district.display_name")
    is_illustrative = serializers.BooleanField()

    class Meta:
        model = Community
        fields = ["id", "code", "name", "street", "street_name", "lat", "lon", "population", "is_illustrative"]


@extend_schema(parameters=[STREET_PARAMETER], tags=["coverage"])
class CommunityListApi(generics.ListAPIView):
    """Communities with their representative point (WGS-84) and resident population."""

    serializer_class = CommunityOutput
    filter_backends: list = []

    def get_queryset(self):
        qs = Community.objects.select_related("sub_district")
        street = parse_street(self.request.query_params.get("street"))
        return qs.in_street(street) if street is not None else qs


class NearestOutput(serializers.Serializer):
    id = serializers.IntegerField()
    distance_m = serializers.FloatField()


class CoverageRowOutput(serializers.Serializer):
    community = serializers.IntegerField(source="community_id", help_text="Community id.")
    nearest = serializers.SerializerMethodField(
        help_text="The closest published facility of the kind to the community's point, or null if none."
    )
    served = serializers.BooleanField(help_text="distance_m <= reach_m")

    @extend_schema_field(NearestOutput(allow_null=True))
    def get_nearest(self, row: Row) -> dict | None:
        if row.nearest_id is None:
            return None
        return {"id": row.nearest_id, "distance_m": round(row.distance_m, 1)}


class SummaryOutput(serializers.Serializer):
    communities = serializers.IntegerField()
    served = serializers.IntegerField()
    percent = serializers.FloatField(help_text="Share of communities served, %.")
    population_percent = serializers.FloatField(
        allow_null=True, help_text="Share of residents (of communities with a known population) served, %."
    )


class CoverageOutput(serializers.Serializer):
    kind = serializers.CharField()
    reach_m = serializers.IntegerField(help_text="The reach that counts as served (the standard in force).")
    summary = SummaryOutput()
    results = CoverageRowOutput(many=True)


def coverage_payload(*, kind: str, street_id: int | None) -> tuple[dict, list[Row], int]:
    coverage_ensure(kind=kind)
    reach = reach_for(kind)
    rows = coverage_rows(kind=kind, street_id=street_id, reach_m=reach)
    summary = summarise(rows)
    payload = {
        "kind": kind,
        "reach_m": reach,
        "summary": {key: summary[key] for key in ("communities", "served", "percent", "population_percent")},
        "results": rows,
    }
    return payload, rows, reach


@extend_schema(
    parameters=[KIND_PARAMETER, STREET_PARAMETER], responses={200: CoverageOutput}, tags=["coverage"]
)
class CoverageApi(APIView):
    """Service coverage of one kind: per community, the nearest published facility and
    whether it is within the standard's reach; and the summary over the selection."""

    def get(self, request):
        kind = parse_kind(request.query_params.get("kind"))
        street_id = parse_street(request.query_params.get("street"))
        payload, _rows, _reach = coverage_payload(kind=kind, street_id=street_id)
        return Response(CoverageOutput(payload).data)


class _GeoJSONSchema(serializers.Serializer):
    type = serializers.CharField()
    features = serializers.ListField(child=serializers.DictField())


@extend_schema(
    parameters=[KIND_PARAMETER, STREET_PARAMETER], tags=["coverage"],
    # the body is sent as application/geo+json (RFC 7946): document that media type
    responses={(200, "application/geo+json"): _GeoJSONSchema},
    summary="Coverage as a GeoJSON FeatureCollection (community boundaries, or points)",
)
class CoverageGeoJSONApi(APIView):
    """Each community as a feature (its boundary when known, else its point) with
    ``served``, ``distance_m``, ``nearest_name`` and a text ``label``: what the map draws."""

    def get(self, request):
        kind = parse_kind(request.query_params.get("kind"))
        street_id = parse_street(request.query_params.get("street"))
        _payload, rows, reach = coverage_payload(kind=kind, street_id=street_id)
        features = []
        for row in rows:
            community = row.community
            geometry = community.boundary if _valid_polygon(community.boundary) else {
                "type": "Point", "coordinates": [community.lon, community.lat],
            }
            features.append({
                "type": "Feature",
                "id": community.pk,
                "geometry": geometry,
                "properties": {
                    "id": community.pk,
                    "name": community.display_name,
                    "street": row.street.display_name,
                    "population": row.population,
                    "served": row.served,
                    "distance_m": round(row.distance_m, 1) if row.distance_m is not None else None,
                    "nearest_name": row.nearest_name,
                    "point": [community.lon, community.lat],
                    "label": _("Served") if row.served else _("Not served"),
                },
            })
        data = {"type": "FeatureCollection", "kind": kind, "reach_m": reach, "features": features}
        return Response(data, content_type="application/geo+json")


def _valid_polygon(geometry) -> bool:
    return isinstance(geometry, dict) and geometry.get("type") in ("Polygon", "MultiPolygon") and bool(
        geometry.get("coordinates")
    )
