import random

import pytest

from apps.charging import seed
from apps.charging.models import ChargePoint, ChargingOperator, ChargingStation, Connector, OperatorAccount
from apps.charging.synthesize import synthesize
from apps.places.models import Facility, OpeningHours
from apps.places.registry import kind_info
from tests.factories import CommunityFactory

pytestmark = pytest.mark.django_db


def snapshot():
    models = [ChargingStation, ChargingOperator, ChargePoint, Connector, OpeningHours, OperatorAccount,
              ChargingStation.history.model, ChargePoint.history.model]
    return {m.__name__: sorted(tuple(sorted((k, str(v)) for k, v in row.items()))
                               for row in m.objects.values()) for m in models}


def test_seed_twenty_stations_idempotent(seeded_places, command, settings):
    settings.DEBUG = True
    seed.run(command)
    stations = ChargingStation.objects.published()
    assert stations.count() == 20
    assert all(s.is_illustrative and s.charge_points.exists() for s in stations)
    assert Connector.objects.filter(standard="gbt_dc").exists()
    assert ChargePoint.objects.filter(status="available").exists()
    assert OperatorAccount.objects.filter(user__username="operator").exists()
    assert command.demo_accounts[0][0] == "operator" and "汉江快充" in command.demo_accounts[0][2]
    before = snapshot()
    seed.run(command)
    assert snapshot() == before


def test_seed_without_debug_creates_no_account(seeded_places, command):
    seed.run(command)
    assert not OperatorAccount.objects.exists()
    assert command.demo_accounts == []


def test_registered():
    info = kind_info("charging")
    assert info.synthesize is synthesize and info.detail_url_name == "charging:detail"


def _base(n):
    community = CommunityFactory()
    return Facility.objects.bulk_create([
        Facility(kind="charging", name=f"合成{i}", address="x", community=community,
                 lat=30.5, lon=114.2 + i / 1000, status="published") for i in range(n)])


def _fingerprint(offset):
    return (
        sorted((pk - offset, pub, str(price)) for pk, pub, price in
               ChargingStation.objects.values_list("pk", "is_public", "price_per_kwh")),
        sorted((sid - offset, st) for sid, st in ChargePoint.objects.values_list("station_id", "status")),
        sorted((c.charge_point.station_id - offset, c.number, c.standard, str(c.max_power_kw))
               for c in Connector.objects.select_related("charge_point")),
    )


def test_synthesize_reproducible_with_points_and_connectors():
    first = _base(15)
    synthesize(first, random.Random(3))
    assert ChargingStation.objects.published().count() == 15
    assert all(2 <= s.charge_points.count() <= 6 for s in ChargingStation.objects.all())
    assert not ChargePoint.objects.filter(connectors__isnull=True).exists()
    a = _fingerprint(first[0].pk)
    Facility.objects.all().delete()
    second = _base(15)
    synthesize(second, random.Random(3))
    assert _fingerprint(second[0].pk) == a
