"""Recomputation after a facility change is correct and touches only what it must."""

import random

import pytest
from django.core.cache import cache
from django.db import transaction

from apps.coverage import compute
from apps.coverage.listeners import SCHEDULED_KEY
from apps.coverage.models import CoverageResult, PendingFacilityChange
from apps.coverage.services import (
    affected_communities,
    coverage_apply_facility_changes,
    coverage_recompute,
    pending_apply,
)
from apps.coverage.tasks import recompute_pending
from apps.places import registry
from apps.places.models import Community, Facility
from tests.factories import CommunityFactory, FacilityFactory, SubDistrictFactory
from tests.reference import coverage_brute_force

from .conftest import KM_LAT, LAT0, LON0


def _grid(n=8, step_km=0.8):
    """n x n communities on a grid ``step_km`` apart."""
    street = SubDistrictFactory(code="G1")
    km_lon = KM_LAT / 0.8616  # cos(30.58 deg)
    return [
        CommunityFactory(sub_district=street, code=f"G{r}-{c}",
                         lat=LAT0 + r * step_km * KM_LAT, lon=LON0 + c * step_km * km_lon)
        for r in range(n) for c in range(n)
    ]


def _snapshot(kind):
    return {
        r.community_id: (r.nearest_id, round(r.distance_m or -1, 2), r.served)
        for r in CoverageResult.objects.filter(kind=kind)
    }


def _truth(kind, reach):
    live = list(Facility.objects.published().filter(kind=kind).values_list("id", "lat", "lon"))
    points = [compute.Point(c.pk, c.lat, c.lon) for c in Community.objects.all()]
    return {
        o.community_id: (o.nearest.id if o.nearest else None,
                         round(o.nearest.distance_m, 2) if o.nearest else -1, o.served)
        for o in coverage_brute_force(points, live, reach_m=reach)
    }


def _change(facility, **fields):
    """Change a facility the way places' services do: write, then tell the listeners
    inside the transaction."""
    with transaction.atomic():
        Facility.objects.filter(pk=facility.pk).update(**fields)
        registry.facilities_changed([facility.pk])


@pytest.mark.django_db
def test_move_recomputes_only_the_communities_it_can_affect():
    communities = _grid()
    rng = random.Random(7)
    parks = [
        FacilityFactory(kind="park", community=communities[0],
                        lat=LAT0 + rng.uniform(0, 5.6) * KM_LAT, lon=LON0 + rng.uniform(0, 5.6) * KM_LAT / 0.8616)
        for _ in range(6)
    ]
    coverage_recompute()
    before = _snapshot("park")
    moved = parks[0]
    # the communities whose nearest is the moved park, or that will be at least as close
    # to its new position as to their current nearest: the only ones that can change
    new_lat, new_lon = LAT0 + 0.1 * KM_LAT, LON0 + 0.1 * KM_LAT / 0.8616
    expected = {
        c.pk for c in communities
        if before[c.pk][0] == moved.pk
        or compute.great_circle_m(c.lat, c.lon, new_lat, new_lon) <= before[c.pk][1] + 0.01
    }
    Facility.objects.filter(pk=moved.pk).update(lat=new_lat, lon=new_lon)

    assert affected_communities(facility_ids=[moved.pk])["park"] == expected
    done = coverage_apply_facility_changes(facility_ids=[moved.pk])

    assert set(done) == {"park"}  # other kinds untouched
    assert set(done["park"]) == expected
    assert len(expected) < len(communities)  # a real subset: far communities are left alone
    after = _snapshot("park")
    assert after == _truth("park", 500)
    # communities not recomputed kept their rows exactly
    for cid in set(before) - expected:
        assert after[cid] == before[cid]


@pytest.mark.django_db
@pytest.mark.parametrize("change", ["publish", "close", "delete", "move_far", "kind"])
def test_every_kind_of_change_ends_equal_to_brute_force(change):
    communities = _grid(n=6)
    rng = random.Random(change)
    facilities = [
        FacilityFactory(kind="canteen", community=communities[0],
                        status="published" if i else "draft",
                        lat=LAT0 + rng.uniform(-1, 5) * KM_LAT, lon=LON0 + rng.uniform(-1, 5) * KM_LAT)
        for i in range(8)
    ]
    coverage_recompute()
    target = facilities[0] if change == "publish" else facilities[3]
    fields = {
        "publish": {"status": "published"},
        "close": {"status": "closed"},
        "delete": {"deleted_at": "2025-01-01T00:00:00Z"},
        "move_far": {"lat": LAT0 + 30 * KM_LAT},
        "kind": {"kind": "park"},
    }[change]
    with transaction.atomic():
        Facility.objects.filter(pk=target.pk).update(**fields)
    coverage_apply_facility_changes(facility_ids=[target.pk])
    assert _snapshot("canteen") == _truth("canteen", 1000)
    if change == "kind":
        coverage_apply_facility_changes(facility_ids=[target.pk])
        assert _snapshot("park") == _truth("park", 500)


@pytest.mark.django_db
def test_hard_deleted_facility_is_replaced(district, canteen_near_first):
    coverage_recompute()
    assert CoverageResult.objects.filter(nearest=canteen_near_first).exists()
    other = FacilityFactory(kind="canteen", community=district["communities"][5],
                            lat=district["communities"][5].lat, lon=LON0)
    coverage_recompute()
    Facility.objects.filter(pk=canteen_near_first.pk).delete()  # rows' nearest -> NULL
    coverage_apply_facility_changes(facility_ids=[canteen_near_first.pk])
    assert set(CoverageResult.objects.filter(kind="canteen").values_list("nearest_id", flat=True)) == {other.pk}


@pytest.mark.django_db
def test_change_through_registry_recomputes_after_commit(district, django_capture_on_commit_callbacks, eager_celery):
    coverage_recompute()
    c3 = district["communities"][3]
    assert not CoverageResult.objects.get(community=c3, kind="park").served
    park = FacilityFactory(kind="park", status="draft", community=c3, lat=c3.lat, lon=c3.lon)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        _change(park, status="published")
    # one recomputation scheduled (other after-commit work, e.g. cache invalidation, aside)
    assert [getattr(cb, "__name__", "") for cb in callbacks].count("schedule_recompute") == 1
    row = CoverageResult.objects.get(community=c3, kind="park")
    assert row.served and row.nearest_id == park.pk and row.distance_m == 0
    assert not PendingFacilityChange.objects.exists()


@pytest.mark.django_db
def test_debounced_one_task_for_a_burst(district, django_capture_on_commit_callbacks):
    """While a recomputation is waiting, further changes only join the queue."""
    coverage_recompute()
    c = district["communities"]
    parks = [FacilityFactory(kind="park", status="draft", community=c[i], lat=c[i].lat, lon=LON0) for i in (1, 4)]
    cache.set(SCHEDULED_KEY, 1)  # a task is already waiting (countdown not yet over)
    with django_capture_on_commit_callbacks(execute=True):
        _change(parks[0], status="published")
    with django_capture_on_commit_callbacks(execute=True):
        _change(parks[1], status="published")
        _change(parks[1], lat=c[4].lat)  # twice in one burst: queued once
    assert sorted(PendingFacilityChange.objects.values_list("facility_id", flat=True)) == sorted(p.pk for p in parks)
    assert not CoverageResult.objects.get(community=c[1], kind="park").served  # not yet applied

    result = recompute_pending.apply().get()  # the waiting task runs once for the burst
    assert result["park"] >= 2
    assert not PendingFacilityChange.objects.exists()
    assert cache.get(SCHEDULED_KEY) is None
    assert CoverageResult.objects.get(community=c[1], kind="park").served
    assert CoverageResult.objects.get(community=c[4], kind="park").served


@pytest.mark.django_db
def test_pending_apply_is_idempotent(district, canteen_near_first):
    coverage_recompute()
    PendingFacilityChange.objects.create(facility_id=canteen_near_first.pk)
    first = pending_apply()
    rows = _snapshot("canteen")
    PendingFacilityChange.objects.create(facility_id=canteen_near_first.pk)
    second = pending_apply()
    assert first == second
    assert _snapshot("canteen") == rows == _truth("canteen", 1000)
    assert pending_apply() == {}


@pytest.mark.django_db
def test_unrelated_facility_change_touches_nothing(district, canteen_near_first):
    coverage_recompute()
    draft = FacilityFactory(kind="park", status="draft", community=district["communities"][0])
    assert coverage_apply_facility_changes(facility_ids=[draft.pk]) == {}
