"""Directions to a facility (issue 19): links that open it in the map apps people in China use,
each given the coordinates in its own system, and a walking estimate.

Storage is WGS-84 (apps/places/crs.py converts):
- AMap (高德) takes GCJ-02 (``coordinate=gaode``);
- Baidu Maps (百度) takes BD-09 (``coord_type=bd09ll``);
- Apple Maps takes WGS-84 (MapKit applies China's offset itself), and so does the ``geo:`` URI
  (RFC 5870) that Android hands to whichever map app the person uses.

The walking estimate is the straight-line distance times a detour factor (streets are not
straight), at a gentle pace that suits older people; it is labelled as an estimate.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from urllib.parse import quote, urlencode

from . import crs
from .geo import haversine_m

DETOUR_FACTOR = 1.3        # walking route / straight line, a usual figure for city streets
WALK_M_PER_MIN = 67        # about 4 km/h
SOURCE = "qiaokou-portal"  # the app name the map providers ask callers to give


@dataclass(frozen=True)
class Walk:
    straight_m: float
    route_m: int           # estimated length of the walk, rounded to 50 m
    minutes: int


def walk_estimate(distance_m: float) -> Walk:
    route = distance_m * DETOUR_FACTOR
    return Walk(distance_m, int(max(50, round(route / 50) * 50)), max(1, math.ceil(route / WALK_M_PER_MIN)))


def walk_from(lat: float, lon: float, to_lat: float, to_lon: float) -> Walk:
    return walk_estimate(haversine_m(lat, lon, to_lat, to_lon))


@dataclass(frozen=True)
class MapLink:
    key: str
    url: str


def links(*, lat: float, lon: float, name: str, address: str = "") -> list[MapLink]:
    """Links opening the point (WGS-84) in AMap, Baidu Maps, Apple Maps and any map app."""
    g_lat, g_lon = crs.from_wgs84(crs.GCJ02, lat, lon)
    b_lat, b_lon = crs.from_wgs84(crs.BD09, lat, lon)
    return [
        MapLink("amap", "https://uri.amap.com/marker?" + urlencode({
            "position": f"{g_lon:.6f},{g_lat:.6f}", "name": name, "coordinate": "gaode",
            "callnative": 1, "src": SOURCE})),
        MapLink("baidu", "https://api.map.baidu.com/marker?" + urlencode({
            "location": f"{b_lat:.6f},{b_lon:.6f}", "title": name, "content": address or name,
            "coord_type": "bd09ll", "output": "html", "src": SOURCE})),
        MapLink("apple", "https://maps.apple.com/?" + urlencode({"ll": f"{lat:.6f},{lon:.6f}", "q": name})),
        MapLink("geo", f"geo:{lat:.6f},{lon:.6f}?q={lat:.6f},{lon:.6f}({quote(name)})"),
    ]
