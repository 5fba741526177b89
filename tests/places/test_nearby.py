"""nearby() equals a brute-force great-circle scan, on every path."""

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from apps.places import geo, nearby
from apps.places.models import Facility, FacilityStatus
from apps.places.registry import registered_kinds
from tests.factories import FacilityFactory
from tests.reference import nearby_brute_force

from .conftest import CENTRE

PATHS = [
    pytest.param("portable", id="portable"),
    pytest.param("portable-pg", id="portable-postgres", marks=pytest.mark.postgres),
    pytest.param("postgis", id="postgis", marks=pytest.mark.postgis),
]
KIND_SETS = st.one_of(
    st.none(), st.sets(st.sampled_from(registered_kinds()), min_size=1).map(sorted)
)


def _path(name):
    return "postgis" if name == "postgis" else "portable"


def _check(lat, lon, radius, kinds, limit, path):
    got = nearby.nearby(lat=lat, lon=lon, radius_m=radius, kinds=kinds, limit=limit, path=_path(path))
    expected = nearby_brute_force(lat=lat, lon=lon, radius_m=radius, kinds=kinds, limit=limit)
    assert [(h.kind, h.id) for h in got] == [(k, pk) for k, pk, _ in expected]
    for hit, (_, _, d) in zip(got, expected, strict=True):
        assert abs(hit.distance_m - d) <= 1.0
        assert abs(hit.distance_m - geo.haversine_m(lat, lon, hit.lat, hit.lon)) <= 1.0
    assert [h.distance_m for h in got] == sorted(h.distance_m for h in got)
    return got


@pytest.fixture
def path(request, db):
    from django.db import connection

    name = request.param
    if name == "portable" and connection.vendor != "sqlite":
        pytest.skip("the SQLite run covers this case")
    return name


@pytest.mark.parametrize("path", PATHS, indirect=True)
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    dlat=st.floats(min_value=-0.06, max_value=0.06),
    dlon=st.floats(min_value=-0.06, max_value=0.06),
    radius=st.floats(min_value=1, max_value=20_000),
    kinds=KIND_SETS,
    limit=st.integers(min_value=1, max_value=100),
)
def test_random_points_match_brute_force(facilities, path, dlat, dlon, radius, kinds, limit):
    _check(CENTRE[0] + dlat, CENTRE[1] + dlon, radius, kinds, limit, path)


@pytest.mark.parametrize("path", PATHS, indirect=True)
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(index=st.integers(min_value=0, max_value=399), dlat=st.floats(-0.02, 0.02), dlon=st.floats(-0.02, 0.02),
       limit=st.integers(min_value=1, max_value=30), nudge=st.sampled_from([0.0, -1e-6, 1e-6]))
def test_radius_edge_is_inclusive(facilities, path, index, dlat, dlon, limit, nudge):
    """The radius is exactly the distance to some facility: it is in (or just out)."""
    target = facilities[index]
    lat, lon = CENTRE[0] + dlat, CENTRE[1] + dlon
    radius = geo.haversine_m(lat, lon, target.lat, target.lon) + nudge
    assume(radius > 0)
    _check(lat, lon, radius, None, limit, path)


@pytest.mark.parametrize("path", PATHS, indirect=True)
def test_ties_by_kind_then_id(path):
    point = (30.6, 114.2)
    made = [
        FacilityFactory(kind=kind, lat=point[0], lon=point[1])
        for kind in ["park", "canteen", "charging", "canteen", "park"]
    ]
    FacilityFactory(kind="park", lat=point[0] + 0.001, lon=point[1])
    got = nearby.nearby(lat=point[0], lon=point[1], radius_m=500, limit=3, path=_path(path))
    canteens = sorted(f.id for f in made if f.kind == "canteen")
    charging = [f.id for f in made if f.kind == "charging"]
    assert [(h.kind, h.id) for h in got] == [("canteen", canteens[0]), ("canteen", canteens[1]),
                                              ("charging", charging[0])]
    assert all(h.distance_m == 0 for h in got)
    _check(point[0], point[1], 500, None, 5, path)
    _check(point[0], point[1], 500, None, 6, path)


@pytest.mark.parametrize("path", PATHS, indirect=True)
def test_only_published_not_deleted(path):
    from django.utils import timezone

    kept = FacilityFactory(lat=30.6, lon=114.2)
    FacilityFactory(lat=30.6, lon=114.2, status=FacilityStatus.DRAFT)
    FacilityFactory(lat=30.6, lon=114.2, status=FacilityStatus.CLOSED)
    FacilityFactory(lat=30.6, lon=114.2, deleted_at=timezone.now())
    got = nearby.nearby(lat=30.6, lon=114.2, radius_m=10, path=_path(path))
    assert [h.id for h in got] == [kept.id]


@pytest.mark.parametrize("path", PATHS, indirect=True)
def test_moves_are_seen_immediately(path):
    """The grid cell (and the PostGIS geography) follow lat/lon in the database."""
    facility = FacilityFactory(lat=30.6, lon=114.2)
    Facility.objects.filter(pk=facility.pk).update(lat=30.62, lon=114.25)
    assert nearby.nearby(lat=30.6, lon=114.2, radius_m=100, path=_path(path)) == []
    got = nearby.nearby(lat=30.62, lon=114.25, radius_m=100, path=_path(path))
    assert [h.id for h in got] == [facility.id]


@pytest.mark.parametrize("path", PATHS, indirect=True)
def test_nearest_and_language(path, settings):
    from django.utils import translation

    far = FacilityFactory(kind="canteen", lat=30.61, lon=114.2, name="远", name_en="Far")
    near = FacilityFactory(kind="canteen", lat=30.601, lon=114.2, name="近", name_en="Near")
    FacilityFactory(kind="park", lat=30.6, lon=114.2)
    hit = nearby.nearest(lat=30.6, lon=114.2, kind="canteen", max_radius_m=5_000, path=_path(path))
    assert (hit.id, hit.name) == (near.id, "近")
    with translation.override("en"):
        assert nearby.nearest(lat=30.6, lon=114.2, kind="canteen", max_radius_m=5_000, path=_path(path)).name == "Near"
    assert nearby.nearest(lat=30.6, lon=114.2, kind="canteen", max_radius_m=50, path=_path(path)) is None
    assert nearby.nearest(lat=30.6, lon=114.2, kind="charging", max_radius_m=50_000, path=_path(path)) is None
    assert far.id != near.id


def test_unknown_kinds_find_nothing(db):
    FacilityFactory(lat=30.6, lon=114.2)
    assert nearby.nearby(lat=30.6, lon=114.2, radius_m=100, kinds=["spaceport"]) == []
    assert nearby.nearby(lat=30.6, lon=114.2, radius_m=100, limit=0) == []


def test_wide_sparse_search_uses_range_scan(db):
    """A radius covering more than MAX_CELLS cells still gives the exact answer."""
    a = FacilityFactory(lat=30.5, lon=114.1)
    b = FacilityFactory(lat=30.7, lon=114.4)
    got = nearby.nearby(lat=30.6, lon=114.25, radius_m=20_000, limit=5)
    assert {h.id for h in got} == {a.id, b.id}


@pytest.mark.postgis
def test_postgis_is_the_default_path_and_uses_the_index(db):
    from django.db import connection

    assert nearby.active_path() == "postgis"
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT is_generated FROM information_schema.columns WHERE table_name='places_facility' AND column_name='geog'"
        )
        assert cursor.fetchone()[0] == "ALWAYS"
        cursor.execute("SELECT indexdef FROM pg_indexes WHERE indexname = 'facility_geog_published_gist'")
        assert "gist" in cursor.fetchone()[0]
