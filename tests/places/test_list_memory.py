"""A list's rows are freed by reference counting once written out, not left in reference cycles
for the garbage collector (apps.core.prefetch.release; the kind list API writes each row with
one serializer; issue 21): each collection walked ~1,100 such objects of every canteen list."""

import gc

import pytest

from apps.canteens.models import Canteen, MealService
from apps.charging.models import ChargePoint, Connector
from tests.canteens.factories import CanteenFactory
from tests.charging.factories import ChargePointFactory, ConnectorFactory, StationFactory

pytestmark = pytest.mark.django_db


def _alive(model) -> int:
    return sum(type(o) is model for o in gc.get_objects())


@pytest.fixture
def collector_off():
    gc.collect()
    gc.disable()
    yield
    gc.enable()


@pytest.mark.parametrize("path, models", [
    ("/api/v1/canteens/", (Canteen, MealService)),
    ("/api/v1/charging-stations/", (ChargePoint, Connector)),
])
def test_a_list_leaves_no_rows_for_the_collector(client, path, models, collector_off):
    for _ in range(3):
        canteen = CanteenFactory()
        MealService.objects.create(canteen=canteen, meal="lunch", starts="11:00", ends="13:00", price="8.00")
        ConnectorFactory(charge_point=ChargePointFactory(station=StationFactory()))
    del canteen
    client.get(path)  # the first request builds what a process keeps (reference data, plans)
    gc.collect()
    before = {model: _alive(model) for model in models}
    response = client.get(path, {"page_size": "10"})
    assert response.status_code == 200
    assert {model: _alive(model) for model in models} == before

