import random

import pytest

from apps.places.models import Facility, FacilityStatus
from apps.places.registry import registered_kinds
from tests.factories import CommunityFactory

CENTRE = (30.585, 114.235)


def make_facilities(n=400, seed=7):
    """A clustered set with exact duplicates (ties), every kind, and rows nearby search must skip
    (drafts, closed, soft-deleted)."""
    from django.utils import timezone

    rng = random.Random(seed)
    community = CommunityFactory()
    kinds = registered_kinds()  # every installed kind's app
    rows = []
    points = []
    for i in range(n):
        if points and rng.random() < 0.1:
            lat, lon = rng.choice(points)  # same point as an earlier facility: a tie
        else:
            spread = rng.choice([0.002, 0.01, 0.05])
            lat = CENTRE[0] + rng.uniform(-spread, spread)
            lon = CENTRE[1] + rng.uniform(-spread, spread)
            points.append((lat, lon))
        status = FacilityStatus.PUBLISHED if rng.random() < 0.85 else rng.choice(
            [FacilityStatus.DRAFT, FacilityStatus.CLOSED, FacilityStatus.TEMPORARILY_CLOSED]
        )
        rows.append(Facility(
            kind=rng.choice(kinds), name=f"设施{i}", name_en=f"Facility {i}", address="测试路",
            community=community, lat=lat, lon=lon, status=status,
            deleted_at=timezone.now() if rng.random() < 0.05 else None,
        ))
    return Facility.objects.bulk_create(rows)


@pytest.fixture
def facilities(db):
    return make_facilities()


@pytest.fixture
def reference_clock(monkeypatch):
    """The clock apps.places.reference reads (``clock["now"] += reference.KEEP_SECONDS`` to
    let what it keeps run out)."""
    from apps.places import reference

    clock = {"now": 1000.0}
    monkeypatch.setattr(reference.time, "monotonic", lambda: clock["now"])
    return clock
