"""Coverage equals a brute-force computation on random data."""

import math

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from apps.coverage import compute
from apps.coverage.models import CoverageResult
from apps.coverage.services import coverage_recompute
from apps.places.models import Facility
from tests.factories import CommunityFactory, FacilityFactory, SubDistrictFactory
from tests.reference import coverage_brute_force

lat = st.floats(min_value=30.50, max_value=30.70, allow_nan=False)
lon = st.floats(min_value=114.10, max_value=114.35, allow_nan=False)
statuses = st.sampled_from(["published", "published", "published", "draft", "closed"])
kinds = st.sampled_from(["canteen", "charging", "park"])


def test_great_circle_matches_the_contract_sphere():
    # one degree of latitude on a sphere of 6,371,008.8 m
    assert compute.great_circle_m(30.0, 114.0, 31.0, 114.0) == pytest.approx(
        6_371_008.8 * math.pi / 180, abs=0.01
    )


@pytest.mark.django_db
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    communities=st.lists(st.tuples(lat, lon), min_size=1, max_size=8),
    facilities=st.lists(st.tuples(lat, lon, kinds, statuses, st.booleans()), max_size=25),
)
def test_stored_coverage_equals_brute_force(communities, facilities):
    with transaction.atomic():
        street = SubDistrictFactory(code="H1")
        points = [CommunityFactory(sub_district=street, lat=a, lon=o) for a, o in communities]
        host = points[0]
        for a, o, kind, status, deleted in facilities:
            f = FacilityFactory(kind=kind, status=status, community=host, lat=a, lon=o)
            if deleted:
                Facility.objects.filter(pk=f.pk).update(deleted_at="2024-01-01T00:00:00Z")
        coverage_recompute()
        for kind, reach in (("canteen", 1000), ("charging", 1000), ("park", 500)):
            live = [
                (f.pk, f.lat, f.lon)
                for f in Facility.objects.all()
                if f.kind == kind and f.status == "published" and f.deleted_at is None
            ]
            expected = coverage_brute_force(
                [compute.Point(c.pk, c.lat, c.lon) for c in points], live, reach_m=reach
            )
            stored = {r.community_id: r for r in CoverageResult.objects.filter(kind=kind)}
            assert len(stored) == len(points)
            for outcome in expected:
                row = stored[outcome.community_id]
                if outcome.nearest is None:
                    assert row.nearest_id is None and row.distance_m is None
                else:
                    assert row.nearest_id == outcome.nearest.id
                    assert row.distance_m == pytest.approx(outcome.nearest.distance_m, abs=0.01)
                assert row.served == outcome.served
        transaction.set_rollback(True)


@pytest.mark.django_db
@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    point=st.tuples(lat, lon),
    facilities=st.lists(st.tuples(lat, lon), min_size=1, max_size=30),
)
def test_default_finder_equals_brute_force_with_ties(point, facilities):
    """Including exact ties (same position twice): the lower id wins."""
    with transaction.atomic():
        host = CommunityFactory(code="HOST")
        facilities = facilities + facilities[:2]  # duplicates give ties
        ids = [FacilityFactory(kind="park", community=host, lat=a, lon=o).pk for a, o in facilities]
        rows = [(i, a, o) for i, (a, o) in zip(ids, facilities, strict=True)]
        expected = coverage_brute_force([compute.Point(1, *point)], rows, reach_m=500)[0].nearest
        found = compute.default_finder()(point[0], point[1], "park")
        assert found.id == expected.id
        assert found.distance_m == pytest.approx(expected.distance_m, abs=1e-6)
        assert compute.portable_finder(point[0], point[1], "park").id == expected.id
        transaction.set_rollback(True)


@pytest.mark.django_db
def test_far_away_facility_is_still_found():
    """Beyond every search radius (over 40 km) the nearest is still reported."""
    host = CommunityFactory(lat=30.58, lon=114.25)
    far = FacilityFactory(kind="charging", community=host, lat=31.2, lon=114.25)
    found = compute.default_finder()(30.58, 114.25, "charging")
    assert found.id == far.pk and found.distance_m > 60_000
    assert compute.default_finder()(30.58, 114.25, "canteen") is None


@pytest.mark.postgis
@pytest.mark.django_db
def test_postgis_batch_equals_brute_force_with_ties():
    """One LATERAL KNN query for every community; ties (same point twice) settle by id."""
    rng = __import__("random").Random(5)
    host = CommunityFactory(code="PGHOST")
    rows = []
    for _ in range(60):
        a, o = rng.uniform(30.55, 30.64), rng.uniform(114.17, 114.30)
        for _twice in range(1 + (rng.random() < 0.2)):
            rows.append((FacilityFactory(kind="canteen", community=host, lat=a, lon=o).pk, a, o))
    points = [compute.Point(i, rng.uniform(30.55, 30.64), rng.uniform(114.17, 114.30)) for i in range(40)]
    points += [compute.Point(100 + i, a, o) for i, (_pk, a, o) in enumerate(rows[:10])]  # exactly on one
    batch = compute.postgis_batch(points, "canteen")
    assert batch is not None and len(batch) >= len(points) - 5
    expected = {o.community_id: o.nearest for o in coverage_brute_force(points, rows, reach_m=0)}
    for pid, hit in batch.items():
        assert hit.id == expected[pid].id
        assert hit.distance_m == pytest.approx(expected[pid].distance_m, abs=1e-6)
    outcomes = compute.compute(points, kind="canteen", reach_m=1000)
    assert {o.community_id: o.nearest.id for o in outcomes} == {k: v.id for k, v in expected.items()}
    assert compute.postgis_batch(points, "park") == {p.id: None for p in points}
