import random

import pytest
from django.core.management import call_command

from apps.places import geo, registry
from apps.places.models import Facility, FacilityStatus
from tests.factories import CommunityFactory


@pytest.fixture
def communities(db):
    return [
        CommunityFactory(lat=30.56, lon=114.18), CommunityFactory(lat=30.60, lon=114.24),
        CommunityFactory(lat=30.63, lon=114.29),
    ]


@pytest.fixture
def hooks(monkeypatch):
    """Replace the registered kinds by recorders (the domain apps' hooks are tested there)."""
    calls = []

    def recorder(facilities, rng):
        calls.append(([f.pk for f in facilities], rng.random()))
        return len(facilities)

    kinds = {
        kind: registry.KindInfo(kind=kind, label=kind, detail_url_name="places:nearby", synthesize=recorder,
                                generation_weight=weight)
        for kind, weight in (("canteen", 0.3), ("charging", 0.5), ("park", 0.2))
    }
    monkeypatch.setattr(registry, "_KINDS", kinds)
    return calls


def _snapshot(ids=None):
    qs = Facility.objects.order_by("id")
    if ids is not None:
        qs = qs.filter(id__in=ids)
    return list(qs.values_list("kind", "name", "lat", "lon", "phone", "accessibility", "community_id"))


def test_reproducible_pairs_at_identical_points(communities, hooks, capsys):
    call_command("generate_facilities", "--count", "300", "--seed", "5")
    first = _snapshot()
    call_command("generate_facilities", "--count", "300", "--seed", "5")
    everything = _snapshot()
    assert len(everything) == 600
    assert everything[300:] == first
    assert "added 300" in capsys.readouterr().out
    # the hooks got the same random streams too
    assert [c[1] for c in hooks[: len(hooks) // 2]] == [c[1] for c in hooks[len(hooks) // 2:]]


def test_other_seed_or_kind_differs(communities, hooks):
    call_command("generate_facilities", "--count", "50", "--seed", "5")
    call_command("generate_facilities", "--count", "50", "--seed", "6")
    rows = _snapshot()
    assert {(r[2], r[3]) for r in rows[:50]}.isdisjoint({(r[2], r[3]) for r in rows[50:]})
    call_command("generate_facilities", "--count", "40", "--seed", "5", "--kind", "park")
    assert {r[0] for r in _snapshot()[100:]} == {"park"}


def test_generated_rows(communities, hooks):
    call_command("generate_facilities", "--count", "500")
    facilities = list(Facility.objects.all())
    assert len(facilities) == 500
    assert all(f.status == FacilityStatus.PUBLISHED and f.is_illustrative and f.deleted_at is None for f in facilities)
    assert {f.kind for f in facilities} == set(registry.kinds_with("generation_weight"))
    # spread over the district and its surroundings
    assert all(30.50 <= f.lat <= 30.69 and 114.10 <= f.lon <= 114.37 for f in facilities)
    inside = sum(30.55 <= f.lat <= 30.64 and 114.17 <= f.lon <= 114.30 for f in facilities)
    assert inside > 250
    # attached to the nearest community
    for f in facilities[:100]:
        nearest = min(communities, key=lambda c: geo.haversine_m(f.lat, f.lon, c.lat, c.lon))
        assert f.community_id == nearest.id
    # every facility went through its kind's hook exactly once
    hooked = sorted(pk for ids, _ in hooks for pk in ids)
    assert hooked == sorted(f.pk for f in facilities)
    # and nearby search sees them (the generated cell column is filled by the database)
    f = facilities[0]
    from apps.places.nearby import nearby

    assert f.id in [h.id for h in nearby(lat=f.lat, lon=f.lon, radius_m=1, limit=100)]


def test_ids_continue_after_generation(communities, hooks):
    from tests.factories import FacilityFactory

    call_command("generate_facilities", "--count", "10")
    later = FacilityFactory()
    assert later.pk > max(Facility.objects.exclude(pk=later.pk).values_list("pk", flat=True))


def test_without_communities_uses_an_illustrative_one(db, hooks):
    call_command("generate_facilities", "--count", "5", "--seed", "1")
    assert Facility.objects.count() == 5
    assert Facility.objects.first().community.is_illustrative


def test_locator_matches_brute_force():
    from apps.places.generation import CommunityLocator

    rng = random.Random(3)
    points = [(i, rng.uniform(30.5, 30.7), rng.uniform(114.1, 114.4)) for i in range(60)]
    locator = CommunityLocator(points)
    kx = locator.kx
    for _ in range(2000):
        lat, lon = rng.uniform(30.45, 30.75), rng.uniform(114.0, 114.5)
        expected = min(points, key=lambda c: ((lat - c[1]) ** 2 + ((lon - c[2]) * kx) ** 2, c[0]))[0]
        assert locator.nearest(lat, lon) == expected


def test_base_only_skips_the_kind_hooks(communities, hooks):
    call_command("generate_facilities", "--count", "20", "--base-only")
    assert Facility.objects.count() == 20
    assert hooks == []
