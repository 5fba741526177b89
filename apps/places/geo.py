"""Great-circle geometry on a sphere (pure functions, no Django).

Distances are on a sphere of radius 6,371,008.8 m (the IUGG mean Earth radius), which is the
contract's definition of ``distance_m``. Coordinates are WGS-84 degrees.
"""

from __future__ import annotations

import math
from typing import NamedTuple

EARTH_RADIUS_M = 6_371_008.8
# A degree of latitude in metres on that sphere.
METRES_PER_DEGREE = EARTH_RADIUS_M * math.pi / 180.0

# Grid cells used by the portable nearby prefilter: CELL_DEG degrees square, numbered row-major
# from (-90, -180) so that cells of one latitude row are consecutive integers.
CELL_DEG = 0.001
CELL_COLUMNS = round(360 / CELL_DEG)  # 360,000


def haversine_m(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in metres between two WGS-84 points (haversine formula)."""
    phi1 = math.radians(lat1)
    phi2 = math.radians(lat2)
    dphi = phi2 - phi1
    dlmb = math.radians(lon2 - lon1)
    a = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlmb / 2) ** 2
    return 2 * EARTH_RADIUS_M * math.asin(min(1.0, math.sqrt(a)))


class BBox(NamedTuple):
    min_lat: float
    max_lat: float
    min_lon: float
    max_lon: float

    def contains(self, lat: float, lon: float) -> bool:
        return self.min_lat <= lat <= self.max_lat and self.min_lon <= lon <= self.max_lon


# A hair of slack so rounding never drops a point lying exactly on the radius.
_SLACK_DEG = 1e-9


def bounding_box(lat: float, lon: float, radius_m: float) -> BBox:
    """The smallest latitude/longitude box containing every point within ``radius_m`` of
    (lat, lon) (a superset: filter by the exact distance afterwards).

    Near a pole (the circle contains it) the box spans every longitude; where the box would cross
    the antimeridian it also spans every longitude (never the case for China; always correct).
    """
    if radius_m < 0:
        raise ValueError("radius_m must be >= 0")
    angular = radius_m / EARTH_RADIUS_M  # radians
    phi = math.radians(lat)
    min_phi = phi - angular
    max_phi = phi + angular
    if angular >= math.pi:
        return BBox(-90.0, 90.0, -180.0, 180.0)
    if max_phi >= math.pi / 2 or min_phi <= -math.pi / 2:
        return BBox(
            max(-90.0, math.degrees(min_phi) - _SLACK_DEG),
            min(90.0, math.degrees(max_phi) + _SLACK_DEG),
            -180.0,
            180.0,
        )
    # Largest longitude difference on the circle (tangent meridians), see
    # http://janmatuschek.de/LatitudeLongitudeBoundingCoordinates
    dlon = math.degrees(math.asin(min(1.0, math.sin(angular) / math.cos(phi))))
    min_lon = lon - dlon - _SLACK_DEG
    max_lon = lon + dlon + _SLACK_DEG
    if min_lon < -180.0 or max_lon > 180.0:
        min_lon, max_lon = -180.0, 180.0
    return BBox(
        math.degrees(min_phi) - _SLACK_DEG, math.degrees(max_phi) + _SLACK_DEG, min_lon, max_lon
    )


def inscribed_radius_m(lat: float, lon: float, box: BBox) -> float:
    """A radius r such that every point within r of (lat, lon) lies inside ``box``: a point
    outside the box is farther than r. Used to know when a box search is complete."""
    # Distance to the north/south edges along the meridian.
    r = min(lat - box.min_lat, box.max_lat - lat) * METRES_PER_DEGREE
    if box.min_lon > -180.0 or box.max_lon < 180.0:
        # The nearest point of a meridian at longitude offset d from (lat, lon) is at
        # great-circle distance asin(cos(lat) * sin(d)) (spherical right triangle).
        d = math.radians(min(lon - box.min_lon, box.max_lon - lon))
        if d < math.pi / 2:
            r = min(r, EARTH_RADIUS_M * math.asin(min(1.0, math.cos(math.radians(lat)) * math.sin(d))))
    return max(0.0, r)


def cell_of(lat: float, lon: float) -> int:
    """The grid cell number of a point (the same formula as the database's generated column)."""
    return int((lat + 90.0) / CELL_DEG) * CELL_COLUMNS + int((lon + 180.0) / CELL_DEG)


def cell_ranges(box: BBox, margin: int = 0) -> list[tuple[int, int]]:
    """Inclusive ranges of cell numbers covering ``box``, one per latitude row of cells.
    The database computes a row's cell with the same IEEE double operations as ``cell_of``
    and the mapping is monotonic, so every point inside the box is in these ranges."""
    row0 = max(0, int((box.min_lat + 90.0) / CELL_DEG) - margin)
    row1 = min(round(180 / CELL_DEG) - 1, int((box.max_lat + 90.0) / CELL_DEG) + margin)
    col0 = max(0, int((box.min_lon + 180.0) / CELL_DEG) - margin)
    col1 = min(CELL_COLUMNS - 1, int((box.max_lon + 180.0) / CELL_DEG) + margin)
    return [(row * CELL_COLUMNS + col0, row * CELL_COLUMNS + col1) for row in range(row0, row1 + 1)]
