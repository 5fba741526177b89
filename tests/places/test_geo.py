import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from apps.places import geo

lats = st.floats(min_value=-89.0, max_value=89.0, allow_nan=False)
lons = st.floats(min_value=-179.9, max_value=179.9, allow_nan=False)
china_lats = st.floats(min_value=18.0, max_value=53.0, allow_nan=False)
china_lons = st.floats(min_value=74.0, max_value=134.0, allow_nan=False)


def test_reference_distances():
    # Quarter of a meridian on a sphere of radius 6,371,008.8 m.
    assert geo.haversine_m(0, 0, 90, 0) == pytest.approx(math.pi / 2 * 6_371_008.8, abs=1e-6)
    # One degree of longitude along the equator.
    assert geo.haversine_m(0, 0, 0, 1) == pytest.approx(111_195.08, abs=0.01)
    # Shanghai to Beijing: eviltransform's reference figure is 1,078,164 m (+-1 m) on a sphere of
    # radius 6,378,137 m; great-circle distance scales with the radius.
    d = geo.haversine_m(31.17530398364597, 121.531541859215, 39.91334545536069, 116.38404722455657)
    assert d * 6_378_137 / 6_371_008.8 == pytest.approx(1_078_164, abs=1.0)
    # Gutian Park to Qiaokou district offices is a few km.
    assert 1_000 < geo.haversine_m(30.6025, 114.2158, 30.5797, 114.2644) < 6_000
    assert geo.haversine_m(30.6, 114.2, 30.6, 114.2) == 0.0


@given(lats, lons, lats, lons)
def test_distance_symmetric_and_bounded(lat1, lon1, lat2, lon2):
    d = geo.haversine_m(lat1, lon1, lat2, lon2)
    assert d == pytest.approx(geo.haversine_m(lat2, lon2, lat1, lon1), abs=1e-6)
    assert 0 <= d <= math.pi * geo.EARTH_RADIUS_M + 1e-6


@given(
    china_lats, china_lons, st.floats(min_value=0, max_value=50_000),
    st.floats(min_value=0, max_value=2 * math.pi), st.floats(min_value=0, max_value=1),
)
def test_bbox_contains_every_point_of_the_circle(lat, lon, radius, bearing, fraction):
    """Walk from the centre along any bearing up to the radius: the point is in the box, and a
    point within the inscribed radius never lies outside the box."""
    box = geo.bounding_box(lat, lon, radius)
    distance = radius * fraction
    delta = distance / geo.EARTH_RADIUS_M
    phi1, lmb1 = math.radians(lat), math.radians(lon)
    phi2 = math.asin(math.sin(phi1) * math.cos(delta) + math.cos(phi1) * math.sin(delta) * math.cos(bearing))
    lmb2 = lmb1 + math.atan2(
        math.sin(bearing) * math.sin(delta) * math.cos(phi1), math.cos(delta) - math.sin(phi1) * math.sin(phi2)
    )
    plat, plon = math.degrees(phi2), math.degrees(lmb2)
    assert geo.haversine_m(lat, lon, plat, plon) == pytest.approx(distance, abs=1e-3)
    assert box.contains(plat, plon)
    inner = geo.inscribed_radius_m(lat, lon, box)
    assert inner >= radius * 0.999999 - 1e-6


@given(lats, lons, lats, lons)
@settings(max_examples=150)
def test_outside_box_means_beyond_inscribed_radius(lat, lon, plat, plon):
    box = geo.bounding_box(lat, lon, 5_000)
    if not box.contains(plat, plon):
        assert geo.haversine_m(lat, lon, plat, plon) > geo.inscribed_radius_m(lat, lon, box)


def test_bbox_near_pole_spans_all_longitudes():
    box = geo.bounding_box(89.99, 10, 5_000)
    assert (box.min_lon, box.max_lon, box.max_lat) == (-180.0, 180.0, 90.0)


def test_bbox_across_antimeridian_spans_all_longitudes():
    box = geo.bounding_box(0, 179.99, 5_000)
    assert (box.min_lon, box.max_lon) == (-180.0, 180.0)
    assert box.contains(0, -179.99)


def test_bbox_rejects_negative_radius():
    with pytest.raises(ValueError):
        geo.bounding_box(30, 114, -1)


@given(china_lats, china_lons, st.floats(min_value=1, max_value=20_000))
@settings(max_examples=200)
def test_cell_ranges_cover_the_box(lat, lon, radius):
    box = geo.bounding_box(lat, lon, radius)
    ranges = geo.cell_ranges(box)
    for corner in ((box.min_lat, box.min_lon), (box.max_lat, box.max_lon), (lat, lon),
                   (box.min_lat, box.max_lon), (box.max_lat, box.min_lon)):
        cell = geo.cell_of(*corner)
        assert any(a <= cell <= b for a, b in ranges)
