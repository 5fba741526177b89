"""WGS-84 <-> GCJ-02 <-> BD-09 conversions (pure functions, no Django).

GCJ-02 ("Mars coordinates", used by AMap and Tencent) and BD-09 (Baidu) are the published
obfuscations of WGS-84 that Chinese map providers use. The forward formulas are the exact public
ones (as in eviltransform); the inverses are solved by fixed-point iteration to better than
1e-9 degrees. Storage is always WGS-84: convert only at the edges (API input/output, maps).
Outside mainland China's rough rectangle GCJ-02 equals WGS-84 (as the reference implementations do).
"""

from __future__ import annotations

import math

WGS84 = "wgs84"
GCJ02 = "gcj02"
BD09 = "bd09"
SYSTEMS = (WGS84, GCJ02, BD09)

_A = 6378245.0  # Krasovsky 1940 semi-major axis used by GCJ-02
_EE = 0.00669342162296594323
_X_PI = math.pi * 3000.0 / 180.0
_TOLERANCE_DEG = 1e-10
_MAX_ITERATIONS = 50


def out_of_china(lat: float, lon: float) -> bool:
    return not (72.004 <= lon <= 137.8347 and 0.8293 <= lat <= 55.8271)


def _transform_lat(x: float, y: float) -> float:
    ret = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * math.sqrt(abs(x))
    ret += (20.0 * math.sin(6.0 * x * math.pi) + 20.0 * math.sin(2.0 * x * math.pi)) * 2.0 / 3.0
    ret += (20.0 * math.sin(y * math.pi) + 40.0 * math.sin(y / 3.0 * math.pi)) * 2.0 / 3.0
    ret += (160.0 * math.sin(y / 12.0 * math.pi) + 320 * math.sin(y * math.pi / 30.0)) * 2.0 / 3.0
    return ret


def _transform_lon(x: float, y: float) -> float:
    ret = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * math.sqrt(abs(x))
    ret += (20.0 * math.sin(6.0 * x * math.pi) + 20.0 * math.sin(2.0 * x * math.pi)) * 2.0 / 3.0
    ret += (20.0 * math.sin(x * math.pi) + 40.0 * math.sin(x / 3.0 * math.pi)) * 2.0 / 3.0
    ret += (150.0 * math.sin(x / 12.0 * math.pi) + 300.0 * math.sin(x / 30.0 * math.pi)) * 2.0 / 3.0
    return ret


def wgs84_to_gcj02(lat: float, lon: float) -> tuple[float, float]:
    if out_of_china(lat, lon):
        return lat, lon
    dlat = _transform_lat(lon - 105.0, lat - 35.0)
    dlon = _transform_lon(lon - 105.0, lat - 35.0)
    radlat = lat / 180.0 * math.pi
    magic = math.sin(radlat)
    magic = 1 - _EE * magic * magic
    sqrtmagic = math.sqrt(magic)
    dlat = (dlat * 180.0) / ((_A * (1 - _EE)) / (magic * sqrtmagic) * math.pi)
    dlon = (dlon * 180.0) / (_A / sqrtmagic * math.cos(radlat) * math.pi)
    return lat + dlat, lon + dlon


def gcj02_to_bd09(lat: float, lon: float) -> tuple[float, float]:
    z = math.sqrt(lon * lon + lat * lat) + 0.00002 * math.sin(lat * _X_PI)
    theta = math.atan2(lat, lon) + 0.000003 * math.cos(lon * _X_PI)
    return z * math.sin(theta) + 0.006, z * math.cos(theta) + 0.0065


def wgs84_to_bd09(lat: float, lon: float) -> tuple[float, float]:
    return gcj02_to_bd09(*wgs84_to_gcj02(lat, lon))


def _invert(forward, lat: float, lon: float) -> tuple[float, float]:
    """Solve forward(x) = (lat, lon) by fixed-point iteration x += target - forward(x).
    The transforms are the identity plus a small, slowly varying offset, so this converges
    geometrically (about 1e-3 per step)."""
    guess_lat, guess_lon = lat, lon
    for _ in range(_MAX_ITERATIONS):
        f_lat, f_lon = forward(guess_lat, guess_lon)
        d_lat, d_lon = lat - f_lat, lon - f_lon
        guess_lat += d_lat
        guess_lon += d_lon
        if abs(d_lat) < _TOLERANCE_DEG and abs(d_lon) < _TOLERANCE_DEG:
            break
    return guess_lat, guess_lon


def gcj02_to_wgs84(lat: float, lon: float) -> tuple[float, float]:
    if out_of_china(lat, lon):
        return lat, lon
    return _invert(wgs84_to_gcj02, lat, lon)


def bd09_to_gcj02(lat: float, lon: float) -> tuple[float, float]:
    return _invert(gcj02_to_bd09, lat, lon)


def bd09_to_wgs84(lat: float, lon: float) -> tuple[float, float]:
    return gcj02_to_wgs84(*bd09_to_gcj02(lat, lon))


def to_wgs84(crs: str, lat: float, lon: float) -> tuple[float, float]:
    """A point given in ``crs`` as WGS-84 (for reading input)."""
    if crs == GCJ02:
        return gcj02_to_wgs84(lat, lon)
    if crs == BD09:
        return bd09_to_wgs84(lat, lon)
    if crs == WGS84:
        return lat, lon
    raise ValueError(f"unknown coordinate system {crs!r}")


def from_wgs84(crs: str, lat: float, lon: float) -> tuple[float, float]:
    """A WGS-84 point expressed in ``crs`` (for output)."""
    if crs == GCJ02:
        return wgs84_to_gcj02(lat, lon)
    if crs == BD09:
        return wgs84_to_bd09(lat, lon)
    if crs == WGS84:
        return lat, lon
    raise ValueError(f"unknown coordinate system {crs!r}")
