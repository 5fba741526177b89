import random

import pytest

from apps.parking import seed
from apps.parking.models import CarPark, ParkingOperator, ParkingOperatorAccount
from apps.parking.synthesize import synthesize
from apps.places.models import Facility, OpeningHours
from apps.places.registry import kind_info
from tests.charging.factories import StationFactory
from tests.factories import CommunityFactory, UserFactory

pytestmark = pytest.mark.django_db


def snapshot():
    models = [CarPark, ParkingOperator, ParkingOperatorAccount, OpeningHours, CarPark.history.model]
    return {m.__name__: sorted(tuple(sorted((k, str(v)) for k, v in row.items()))
                               for row in m.objects.values()) for m in models}


def test_seed_gutian_474_and_illustrative_rest_idempotent(seeded_places, command, settings):
    settings.DEBUG = True
    UserFactory(username="operator")
    station = StationFactory()
    seed.run(command)
    gutian = CarPark.objects.get(code="parking-gutian")
    assert gutian.spaces_total == 474 and gutian.car_park_type == "underground" and gutian.is_illustrative
    assert "474" in gutian.description
    assert CarPark.objects.published().count() == 13
    assert CarPark.objects.filter(charging_site=station).exists()
    assert all(c.is_illustrative for c in CarPark.objects.all())
    assert ParkingOperatorAccount.objects.filter(user__username="operator").exists()
    before = snapshot()
    seed.run(command)
    assert snapshot() == before


def test_registered():
    info = kind_info("parking")
    assert info.synthesize is synthesize and info.availability is not None
    assert info.coverage_reach_m == 300 and info.list_url_name == "parking:list"


def _base(n):
    community = CommunityFactory()
    return Facility.objects.bulk_create([
        Facility(kind="parking", name=f"合成{i}", address="x", community=community,
                 lat=30.5, lon=114.2 + i / 1000, status="published") for i in range(n)])


def test_synthesize_is_reproducible():
    first = _base(30)
    synthesize(first, random.Random(7))
    one = sorted((c.pk - first[0].pk, c.car_park_type, c.spaces_total, c.ev_spaces, str(c.height_limit_m))
                 for c in CarPark.objects.all())
    CarPark.objects.all().delete()
    second = _base(30)
    synthesize(second, random.Random(7))
    two = sorted((c.pk - second[0].pk, c.car_park_type, c.spaces_total, c.ev_spaces, str(c.height_limit_m))
                 for c in CarPark.objects.all())
    assert one == two and len(one) == 30
    assert all(c.accessible_spaces <= c.spaces_total and c.ev_spaces <= c.spaces_total for c in CarPark.objects.all())
