"""Where a report is: coordinates read in the client's system and checked against the
district, the sub-district and community that answer for the point."""

from __future__ import annotations

import math

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from apps.places import crs as crs_module
from apps.places.geo import BBox, bounding_box, haversine_m
from apps.places.models import Community

# Qiaokou district with a margin (WGS-84); settings.REPORTS_DISTRICT_BBOX overrides.
DEFAULT_DISTRICT_BBOX = (30.55, 30.64, 114.17, 114.30)
PRIVATE_ROUNDING_DEG = 0.001  # about 100 m


def district_bbox() -> BBox:
    return BBox(*getattr(settings, "REPORTS_DISTRICT_BBOX", DEFAULT_DISTRICT_BBOX))


def parse_point(*, lat, lon, crs: str = crs_module.WGS84, lat_field: str = "lat",
                lon_field: str = "lon") -> tuple[float, float]:
    """``(lat, lon)`` in WGS-84 from user input, or a ``ValidationError`` naming the field."""
    errors: dict[str, list[str]] = {}
    values = {}
    for field, value, low, high in ((lat_field, lat, -90, 90), (lon_field, lon, -180, 180)):
        try:
            number = float(value)
        except (TypeError, ValueError):
            errors[field] = [_("Enter a number in decimal degrees.")]
            continue
        if not math.isfinite(number) or not low <= number <= high:
            errors[field] = [_("Enter a number between %(low)s and %(high)s.") % {"low": low, "high": high}]
            continue
        values[field] = number
    if crs not in crs_module.SYSTEMS:
        errors["crs"] = [_("Choose wgs84, gcj02 or bd09.")]
    if errors:
        raise ValidationError(errors)
    wlat, wlon = crs_module.to_wgs84(crs, values[lat_field], values[lon_field])
    if not district_bbox().contains(wlat, wlon):
        message = _("This point is outside Qiaokou district: reports can only be made for places in the district.")
        raise ValidationError({lat_field: [message], lon_field: [message]})
    return wlat, wlon


def nearest_community(lat: float, lon: float) -> Community | None:
    """The community whose representative point is nearest (searched in growing boxes)."""
    for radius in (1500, 5000, 20000):
        box = bounding_box(lat, lon, radius)
        candidates = list(
            Community.objects.filter(
                lat__gte=box.min_lat, lat__lte=box.max_lat, lon__gte=box.min_lon, lon__lte=box.max_lon
            ).select_related("sub_district").only("id", "lat", "lon", "sub_district")
        )
        if candidates:
            return min(candidates, key=lambda c: (haversine_m(lat, lon, c.lat, c.lon), c.pk))
    return Community.objects.select_related("sub_district").order_by("pk").first()


def public_point(lat: float, lon: float, private: bool) -> tuple[float, float]:
    if not private:
        return lat, lon
    step = PRIVATE_ROUNDING_DEG
    return round(round(lat / step) * step, 6), round(round(lon / step) * step, 6)


def community_in_text(text: str) -> Community | None:
    """A community named in a free-text address (Open311 ``address_string``)."""
    text = (text or "").strip()
    if not text:
        return None
    for community in Community.objects.select_related("sub_district").order_by("-name"):
        if community.name and community.name in text:
            return community
    return None
