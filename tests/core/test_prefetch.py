"""apps.core.prefetch.prefetch_lists gives a page's rows what prefetch_related gives them (the
same related rows in the same order, to_attr lists, a nested level), in one query per
relation and none afterwards."""

from datetime import date, time, timedelta

import pytest
from django.db.models import Prefetch

from apps.canteens.models import Canteen, MealService
from apps.charging.models import ChargePoint, ChargingStation
from apps.core.prefetch import PrefetchedList, prefetch_lists
from apps.places.models import OpeningException, OpeningHours
from tests.canteens.factories import CanteenFactory
from tests.charging.factories import ChargePointFactory, ConnectorFactory, StationFactory

pytestmark = pytest.mark.django_db


def _exceptions():
    return Prefetch("opening_exceptions", queryset=OpeningException.objects.filter(date__gte=date(2026, 1, 1)),
                    to_attr="upcoming")


def test_same_rows_as_prefetch_related(django_assert_num_queries):
    canteens = [CanteenFactory() for _ in range(3)]
    for i, canteen in enumerate(canteens[:2]):
        for day in (6, 0, 3):
            OpeningHours.objects.create(facility=canteen, weekday=day, opens=time(8 + i), closes=time(17))
        MealService.objects.create(canteen=canteen, meal="lunch", starts=time(11), ends=time(13), price="8.00")
        OpeningException.objects.create(facility=canteen, date=date(2026, 5, 1) + timedelta(days=i), closed=True)
        OpeningException.objects.create(facility=canteen, date=date(2025, 5, 1), closed=True)  # filtered out
    pks = [c.pk for c in canteens]
    lookups = ["opening_hours", "meal_services", _exceptions()]
    expected = {c.pk: c for c in Canteen.objects.filter(pk__in=pks).prefetch_related(*lookups)}
    rows = list(Canteen.objects.filter(pk__in=pks))
    with django_assert_num_queries(3):
        got = prefetch_lists(rows, lookups)
    with django_assert_num_queries(0):
        for canteen in got:
            want = expected[canteen.pk]
            hours = canteen.opening_hours.all()
            assert isinstance(hours, PrefetchedList)
            assert [(h.pk, h.weekday) for h in hours] == [(h.pk, h.weekday) for h in want.opening_hours.all()]
            assert [m.pk for m in canteen.meal_services.all()] == [m.pk for m in want.meal_services.all()]
            assert [e.pk for e in canteen.upcoming] == [e.pk for e in want.upcoming]
            assert canteen.opening_hours.count() == len(want.opening_hours.all())
            assert canteen.meal_services.exists() == want.meal_services.exists()
            for service in canteen.meal_services.all():
                assert service.canteen is canteen  # the foreign key holds its row: no query
    assert [len(c.opening_hours.all()) for c in got] == [3, 3, 0]


def test_nested_level(django_assert_num_queries):
    station, other = StationFactory(), StationFactory()
    for s, n in ((station, 2), (other, 1)):
        for _ in range(n):
            ConnectorFactory(charge_point=ChargePointFactory(station=s))
    lookups = [Prefetch("charge_points", queryset=ChargePoint.objects.prefetch_related("connectors"))]
    rows = list(ChargingStation.objects.filter(pk__in=[station.pk, other.pk]).order_by("pk"))
    with django_assert_num_queries(2):
        prefetch_lists(rows, lookups)
    with django_assert_num_queries(0):
        assert [len(s.charge_points.all()) for s in rows] == [2, 1]
        assert all(len(p.connectors.all()) == 1 for s in rows for p in s.charge_points.all())


def test_refuses_what_it_does_not_read():
    canteen = CanteenFactory()
    with pytest.raises(ValueError):
        prefetch_lists([canteen], ["community"])
    assert prefetch_lists([], ["opening_hours"]) == []
