import pytest
from hypothesis import given
from hypothesis import strategies as st

from apps.places import crs, geo

# Published test vectors (eviltransform, github.com/googollee/eviltransform): WGS-84 -> GCJ-02.
GCJ_VECTORS = [
    ((31.1774276, 121.5272106), (31.17530398364597, 121.531541859215)),  # Shanghai
    ((22.543847, 113.912316), (22.540796131694766, 113.9171764808363)),  # Shenzhen
    ((39.911954, 116.377817), (39.91334545536069, 116.38404722455657)),  # Beijing
]
# wandergis/coordtransform README and test (lon, lat order there; here lat, lon): the forward
# results are exact formulas; its inverses are one-step approximations (a few metres).
CT_POINT = (39.915, 116.404)
CT_WGS_TO_GCJ = (39.91640428150164, 116.41024449916938)
CT_GCJ_TO_BD = (39.92133699351021, 116.41036949371029)
CT_BD_TO_GCJ_APPROX = (39.90865673957631, 116.39762729119315)
CT_GCJ_TO_WGS_APPROX = (39.91359571849836, 116.39775550083061)

china_lats = st.floats(min_value=18.0, max_value=53.0, allow_nan=False)
china_lons = st.floats(min_value=74.0, max_value=134.0, allow_nan=False)


@pytest.mark.parametrize(("wgs", "gcj"), GCJ_VECTORS)
def test_wgs_to_gcj_reference(wgs, gcj):
    assert crs.wgs84_to_gcj02(*wgs) == pytest.approx(gcj, abs=1e-9)


@pytest.mark.parametrize(("wgs", "gcj"), GCJ_VECTORS)
def test_gcj_to_wgs_reference(wgs, gcj):
    back = crs.gcj02_to_wgs84(*gcj)
    assert back == pytest.approx(wgs, abs=1e-7)
    assert geo.haversine_m(*back, *wgs) < 0.01


def test_coordtransform_forward_reference():
    assert crs.wgs84_to_gcj02(*CT_POINT) == pytest.approx(CT_WGS_TO_GCJ, abs=1e-9)
    assert crs.gcj02_to_bd09(*CT_POINT) == pytest.approx(CT_GCJ_TO_BD, abs=1e-9)


def test_coordtransform_inverse_reference():
    # Our inverses are exact (iterated); the reference ones are approximations within metres.
    assert geo.haversine_m(*crs.bd09_to_gcj02(*CT_POINT), *CT_BD_TO_GCJ_APPROX) < 2
    assert geo.haversine_m(*crs.gcj02_to_wgs84(*CT_POINT), *CT_GCJ_TO_WGS_APPROX) < 5
    # and exact: forward of the inverse gives the point back
    assert crs.gcj02_to_bd09(*crs.bd09_to_gcj02(*CT_POINT)) == pytest.approx(CT_POINT, abs=1e-9)
    assert crs.wgs84_to_gcj02(*crs.gcj02_to_wgs84(*CT_POINT)) == pytest.approx(CT_POINT, abs=1e-9)
    assert crs.gcj02_to_wgs84(*CT_WGS_TO_GCJ) == pytest.approx(CT_POINT, abs=1e-8)
    assert crs.bd09_to_gcj02(*CT_GCJ_TO_BD) == pytest.approx(CT_POINT, abs=1e-8)


def test_gcj_to_bd_known_offset():
    # Baidu's offset from GCJ-02 is about +0.0065 lon, +0.006 lat.
    lat, lon = crs.gcj02_to_bd09(30.58, 114.25)
    assert 0.005 < lon - 114.25 < 0.008
    assert 0.005 < lat - 30.58 < 0.008


def test_outside_china_is_identity():
    assert crs.wgs84_to_gcj02(51.5, -0.12) == (51.5, -0.12)
    assert crs.gcj02_to_wgs84(51.5, -0.12) == (51.5, -0.12)


def test_dispatch_and_unknown():
    point = (30.58, 114.25)
    assert crs.to_wgs84("wgs84", *point) == point
    assert crs.from_wgs84("gcj02", *point) == crs.wgs84_to_gcj02(*point)
    assert crs.to_wgs84("bd09", *crs.from_wgs84("bd09", *point)) == pytest.approx(point, abs=1e-9)
    with pytest.raises(ValueError):
        crs.to_wgs84("epsg3857", *point)
    with pytest.raises(ValueError):
        crs.from_wgs84("epsg3857", *point)


@given(china_lats, china_lons)
def test_gcj_round_trip(lat, lon):
    back = crs.gcj02_to_wgs84(*crs.wgs84_to_gcj02(lat, lon))
    assert back == pytest.approx((lat, lon), abs=1e-6)
    # the other way round too
    forward = crs.wgs84_to_gcj02(*crs.gcj02_to_wgs84(lat, lon))
    assert forward == pytest.approx((lat, lon), abs=1e-6)


@given(china_lats, china_lons)
def test_bd_round_trip(lat, lon):
    assert crs.bd09_to_wgs84(*crs.wgs84_to_bd09(lat, lon)) == pytest.approx((lat, lon), abs=1e-6)
    assert crs.wgs84_to_bd09(*crs.bd09_to_wgs84(lat, lon)) == pytest.approx((lat, lon), abs=1e-6)
    assert crs.bd09_to_gcj02(*crs.gcj02_to_bd09(lat, lon)) == pytest.approx((lat, lon), abs=1e-6)


@given(china_lats, china_lons)
def test_offsets_are_hundreds_of_metres(lat, lon):
    """GCJ-02 moves points by at most about a kilometre; BD-09 adds about another kilometre."""
    assert geo.haversine_m(lat, lon, *crs.wgs84_to_gcj02(lat, lon)) < 1_500
    assert geo.haversine_m(lat, lon, *crs.wgs84_to_bd09(lat, lon)) < 3_000
