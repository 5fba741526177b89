"""Nearby search across kinds and GeoJSON for maps (CONTRACT §4)."""

from __future__ import annotations

from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, OpenApiTypes, extend_schema
from rest_framework import generics, serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from apps.core.pagination import SeekPagination
from apps.core.renderers import FastJSONRenderer
from apps.core.throttles import SlidingWindowScopedThrottle

from . import crs, registry
from .models import Facility
from .nearby_filters import NearbyFilters, nearby_now
from .selectors import in_street

# The kind names the public contract (CONTRACT.md §4) promises the ``kind`` parameter accepts,
# also while a kind's app is not installed (it then finds nothing); every registered kind is
# accepted too.
CONTRACT_KINDS = ("canteen", "charging", "park", "eldercare", "parking", "accessibility", "health")


def known_kinds() -> list[str]:
    return sorted(set(registry.registered_kinds()) | set(CONTRACT_KINDS))
CRS_CHOICES = crs.SYSTEMS
GEOJSON_MAX_FEATURES = 2000


class KindListField(serializers.CharField):
    """A comma list of facility kinds (``canteen,park``); empty or absent means every kind."""

    default_error_messages = {
        "invalid_kind": _("Unknown kind “{value}”: use a comma list of {choices}."),
    }

    def to_internal_value(self, data):
        text = super().to_internal_value(data)
        kinds = [part.strip() for part in text.split(",") if part.strip()]
        for kind in kinds:
            if kind not in known_kinds():
                self.fail("invalid_kind", value=kind[:40], choices=", ".join(known_kinds()))
        return sorted(set(kinds)) or None


class ConnectorListField(serializers.CharField):
    """A comma list of connector standards (``gbt_dc,ccs2``); any of them."""

    default_error_messages = {
        "invalid_connector": _("Unknown connector “{value}”: use a comma list of {choices}."),
    }

    def to_internal_value(self, data):
        text = super().to_internal_value(data)
        known = [value for value, _label in registry.connector_choices()]
        connectors = [part.strip().lower() for part in text.split(",") if part.strip()]
        for connector in connectors:
            if connector not in known:
                self.fail("invalid_connector", value=connector[:40], choices=", ".join(known))
        return tuple(sorted(set(connectors)))


class CrsField(serializers.ChoiceField):
    def __init__(self, **kwargs):
        super().__init__(choices=CRS_CHOICES, **kwargs)
        self.error_messages["invalid_choice"] = _("Unknown coordinate system: use wgs84, gcj02 or bd09.")


class NearbyAvailabilitySerializer(serializers.Serializer):
    available = serializers.BooleanField(allow_null=True, help_text="something free now; null: no fresh report")
    free = serializers.IntegerField(allow_null=True, help_text="free charge points / parking spaces")
    total = serializers.IntegerField(allow_null=True)
    as_of = serializers.DateTimeField(allow_null=True, help_text="the newest fresh report")
    free_by_connector = serializers.DictField(child=serializers.IntegerField(), help_text="charging only")


class NearbyApi(APIView):
    """Published facilities of every kind near a point, nearest first."""

    throttle_classes = [SlidingWindowScopedThrottle]  # called on every map move: one round trip
    throttle_scope = "nearby"
    authentication_classes: list = []  # public, read-only: no session/CSRF work per request

    class InputSerializer(serializers.Serializer):
        lat = serializers.FloatField(min_value=-90, max_value=90, help_text="latitude of the point, in `crs`")
        lon = serializers.FloatField(min_value=-180, max_value=180, help_text="longitude of the point, in `crs`")
        radius = serializers.FloatField(min_value=1, max_value=20000, default=1000, help_text="metres")
        limit = serializers.IntegerField(min_value=1, max_value=100, default=20)
        kind = KindListField(required=False, allow_blank=True, default="")
        crs = CrsField(required=False, default=crs.WGS84)
        open_now = serializers.BooleanField(required=False, default=False)
        available = serializers.BooleanField(required=False, default=False)
        connector = ConnectorListField(required=False, allow_blank=True, default="")
        accessible = serializers.BooleanField(required=False, default=False)

    class OutputItem(serializers.Serializer):
        kind = serializers.CharField()
        id = serializers.IntegerField()
        name = serializers.CharField()
        lat = serializers.FloatField()
        lon = serializers.FloatField()
        distance_m = serializers.FloatField(help_text="great-circle distance in metres (sphere R = 6,371,008.8 m)")
        url = serializers.CharField()
        open_now = serializers.BooleanField(allow_null=True, help_text="null: opening hours unknown")
        availability = NearbyAvailabilitySerializer(
            allow_null=True, help_text="live availability (charging, parking); null for other kinds")

    class OutputSerializer(serializers.Serializer):
        results = serializers.ListField(child=serializers.DictField())

    @extend_schema(
        operation_id="nearby_search",
        summary="Facilities near a point",
        description=(
            "Published facilities of every kind within `radius` metres of the point, "
            "nearest first; ties broken by kind, then id. `crs` says how the point is given and how "
            "every returned coordinate is expressed (storage is WGS-84). Each result says whether it "
            "is open now (`open_now`: true, false, or null when its hours are unknown) and, for kinds "
            "with live telemetry (charging, parking), its `availability` from fresh operator reports "
            "(`available`, `free`, `total`, `as_of`, `free_by_connector`; null for other kinds). "
            "Filters narrow the search itself (the nearest `limit` that match): `open_now=1`, "
            "`available=1` (something free now per a fresh report), `connector=` (charging stations "
            "with any of these standards; with `available=1`, one of them free), `accessible=1` (an "
            "accessible entrance or toilet at the facility or an accessibility site within 100 m)."
        ),
        parameters=[
            OpenApiParameter("lat", OpenApiTypes.DOUBLE, required=True, description="Latitude, -90..90, in `crs`."),
            OpenApiParameter("lon", OpenApiTypes.DOUBLE, required=True, description="Longitude, -180..180, in `crs`."),
            OpenApiParameter("radius", OpenApiTypes.DOUBLE, description="Metres, 1-20000 (default 1000)."),
            OpenApiParameter("limit", OpenApiTypes.INT, description="1-100 (default 20)."),
            OpenApiParameter(
                "kind", OpenApiTypes.STR,
                description="Comma list of `canteen`, `charging`, `park`, `eldercare`, `parking`, "
                "`accessibility`, `health` (default: all kinds).",
            ),
            OpenApiParameter("crs", OpenApiTypes.STR, enum=list(CRS_CHOICES), description="Default `wgs84`."),
            OpenApiParameter("open_now", OpenApiTypes.BOOL, description="Only facilities open now."),
            OpenApiParameter("available", OpenApiTypes.BOOL,
                             description="Only facilities with something free now (live reports)."),
            OpenApiParameter("connector", OpenApiTypes.STR,
                             description="Comma list of connector standards (any of), e.g. `gbt_dc,ccs2`."),
            OpenApiParameter("accessible", OpenApiTypes.BOOL,
                             description="Only facilities with an accessible entrance/toilet there or within 100 m."),
        ],
        responses={200: OutputSerializer},
        tags=["nearby"],
    )
    def get(self, request):
        params = self.InputSerializer(data=request.query_params)
        params.is_valid(raise_exception=True)
        data = params.validated_data
        system = data["crs"]
        lat, lon = crs.to_wgs84(system, data["lat"], data["lon"])
        filters = NearbyFilters(open_now=data["open_now"], available=data["available"],
                                connectors=data["connector"] or (), accessible=data["accessible"])
        found = nearby_now(lat=lat, lon=lon, radius_m=data["radius"], kinds=data["kind"] or None,
                           limit=data["limit"], filters=filters)
        results = []
        for item in found:
            hit = item.hit
            out_lat, out_lon = crs.from_wgs84(system, hit.lat, hit.lon)
            results.append({
                "kind": hit.kind,
                "id": hit.id,
                "name": hit.name,
                "lat": round(out_lat, 7),
                "lon": round(out_lon, 7),
                "distance_m": round(hit.distance_m, 1),
                "url": registry.detail_url(hit.kind, hit.id),
                "open_now": item.open_now,
                "availability": item.availability.as_dict() if item.availability else None,
            })
            field = getattr(registry.kind_info(hit.kind), "availability_field", "")
            if field:
                fresh = item.availability is not None and item.availability.available is not None
                results[-1][field] = item.availability.free if fresh else None
        return Response({"results": results})


class GeoJSONRenderer(FastJSONRenderer):
    media_type = "application/geo+json"
    format = "geojson"


class FacilitiesGeoJsonApi(APIView):
    """Published facilities as a GeoJSON FeatureCollection for maps (bounded size)."""

    authentication_classes: list = []
    renderer_classes = [GeoJSONRenderer, FastJSONRenderer]

    class InputSerializer(serializers.Serializer):
        kind = KindListField(required=False, allow_blank=True, default="")
        street = serializers.IntegerField(required=False, min_value=1, help_text="sub-district id")
        community = serializers.IntegerField(required=False, min_value=1)
        bbox = serializers.CharField(required=False, help_text="min_lon,min_lat,max_lon,max_lat in `crs`")
        limit = serializers.IntegerField(min_value=1, max_value=GEOJSON_MAX_FEATURES, default=500)
        crs = CrsField(required=False, default=crs.WGS84)

        def validate_bbox(self, value):
            try:
                parts = [float(p) for p in value.split(",")]
            except ValueError:
                parts = []
            if len(parts) != 4 or not (
                -180 <= parts[0] <= parts[2] <= 180 and -90 <= parts[1] <= parts[3] <= 90
            ):
                raise serializers.ValidationError(
                    _("Give the box as min_lon,min_lat,max_lon,max_lat (degrees, min before max).")
                )
            return parts

    @extend_schema(
        operation_id="facilities_geojson",
        summary="Facilities as GeoJSON",
        description=(
            "A GeoJSON FeatureCollection of published facilities (Point geometries, [lon, lat] in `crs`), "
            f"at most `limit` (<= {GEOJSON_MAX_FEATURES}) features; `truncated` says when more matched."
        ),
        parameters=[
            OpenApiParameter("kind", OpenApiTypes.STR, description="Comma list of facility kinds (see /api/v1/nearby/)."),
            OpenApiParameter("street", OpenApiTypes.INT, description="Sub-district id."),
            OpenApiParameter("community", OpenApiTypes.INT, description="Community id."),
            OpenApiParameter("bbox", OpenApiTypes.STR, description="min_lon,min_lat,max_lon,max_lat in `crs`."),
            OpenApiParameter("limit", OpenApiTypes.INT, description=f"1-{GEOJSON_MAX_FEATURES}, default 500."),
            OpenApiParameter("crs", OpenApiTypes.STR, enum=list(CRS_CHOICES)),
        ],
        responses={200: OpenApiTypes.OBJECT},
        tags=["nearby"],
    )
    def get(self, request):
        params = self.InputSerializer(data=request.query_params)
        params.is_valid(raise_exception=True)
        data = params.validated_data
        system = data["crs"]
        qs = Facility.objects.published().select_related("community")
        if data["kind"]:
            qs = qs.filter(kind__in=data["kind"])
        if "street" in data:
            qs = qs.filter(community__sub_district_id=data["street"])
        if "community" in data:
            qs = qs.filter(community_id=data["community"])
        if "bbox" in data:
            min_lon, min_lat, max_lon, max_lat = data["bbox"]
            # The box is given in `crs`; its WGS-84 corners bound the same area closely enough
            # (offsets vary by well under a metre across a city-sized box) - pad by 0.001 deg.
            south, west = crs.to_wgs84(system, min_lat, min_lon)
            north, east = crs.to_wgs84(system, max_lat, max_lon)
            qs = qs.filter(lat__gte=south - 0.001, lat__lte=north + 0.001, lon__gte=west - 0.001, lon__lte=east + 0.001)
        rows = list(
            qs.order_by("id").values("id", "kind", "name", "name_en", "lat", "lon")[: data["limit"] + 1]
        )
        truncated = len(rows) > data["limit"]
        rows = rows[: data["limit"]]
        english = (get_language() or "").startswith("en")
        labels = {kind: str(label) for kind, label in registry.kind_choices()}
        features = []
        for row in rows:
            out_lat, out_lon = crs.from_wgs84(system, row["lat"], row["lon"])
            features.append({
                "type": "Feature",
                "id": row["id"],
                "geometry": {"type": "Point", "coordinates": [round(out_lon, 7), round(out_lat, 7)]},
                "properties": {
                    "id": row["id"],
                    "kind": row["kind"],
                    "kind_label": labels.get(row["kind"], row["kind"]),
                    "name": row["name_en"] if english and row["name_en"] else row["name"],
                    "url": registry.detail_url(row["kind"], row["id"]),
                },
            })
        body = {"type": "FeatureCollection", "crs_name": system, "truncated": truncated, "features": features}
        return Response(body)


class FacilityListApi(generics.ListAPIView):
    """Every published facility of every kind, in id order (paginated); filters ``kind`` (comma
    list), ``street`` (sub-district id) and ``community`` (id)."""

    authentication_classes: list = []

    class OutputSerializer(serializers.ModelSerializer):
        name = serializers.CharField(source="display_name")
        street = serializers.IntegerField(source="community.sub_district_id")
        url = serializers.SerializerMethodField()

        class Meta:
            model = Facility
            fields = ["id", "kind", "name", "lat", "lon", "street", "community", "url"]

        def get_url(self, facility) -> str:
            return registry.detail_url(facility.kind, facility.pk)

    serializer_class = OutputSerializer
    filter_backends: list = []
    pagination_class = SeekPagination
    seek_order = ("id",)

    class FilterInput(serializers.Serializer):
        kind = KindListField(required=False, allow_blank=True, default="")
        street = serializers.IntegerField(required=False, min_value=1)
        community = serializers.IntegerField(required=False, min_value=1)

    def get_queryset(self):
        params = self.FilterInput(data=self.request.query_params)
        params.is_valid(raise_exception=True)
        data = params.validated_data
        qs = Facility.objects.published().select_related("community")
        if data["kind"]:
            qs = qs.filter(kind__in=data["kind"])
        if "street" in data:
            qs = in_street(qs, data["street"])
        if "community" in data:
            qs = qs.filter(community_id=data["community"])
        return qs

    @extend_schema(
        operation_id="facilities_list",
        summary="All published facilities",
        parameters=[
            OpenApiParameter("kind", OpenApiTypes.STR, description="Comma list of facility kinds (see /api/v1/nearby/)."),
            OpenApiParameter("street", OpenApiTypes.INT, description="Sub-district id."),
            OpenApiParameter("community", OpenApiTypes.INT, description="Community id."),
        ],
        tags=["nearby"],
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)
