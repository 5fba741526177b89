""""A free charge point now" found common (more than RARE_MATCHES fresh "available" reports) is
remembered for a minute per process (FacilityQuerySet.having's ``remember``; issue 21): the
next lists filtered by ``available`` do not ask again, and the rows stay exactly those with (or
without) a free charge point, also when few are free since."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from apps.charging.models import ChargePoint, ChargePointStatus
from apps.places import models as places_models
from tests.charging.factories import ChargePointFactory, StationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def stations(monkeypatch):
    monkeypatch.setattr("apps.places.models.RARE_MATCHES", 2)  # three free piles are "common" here
    free = [ChargePointFactory().station for _ in range(3)]
    busy = ChargePointFactory(status=ChargePointStatus.CHARGING).station
    none = StationFactory()  # (no charge point at all: not free)
    return free, [busy, none]


def _list(api_client, available: str, page_size: int):
    # (another page size each time: the list itself is cached by the minute)
    with CaptureQueriesContext(connection) as queries:
        response = api_client.get("/api/v1/charging-stations/", {"available": available, "page_size": page_size})
    assert response.status_code == 200, response.content
    asked = [q["sql"] for q in queries if q["sql"].startswith('SELECT 1 AS "a" FROM "charging_chargepoint"')]
    return sorted(row["id"] for row in response.json()["results"]), asked


def test_asked_once_a_minute_with_the_same_rows(api_client, stations, monkeypatch):
    free, others = stations
    clock = {"now": 1000.0}
    monkeypatch.setattr(places_models.time, "monotonic", lambda: clock["now"])
    rows, asked = _list(api_client, "true", 20)
    assert rows == sorted(s.pk for s in free) and len(asked) == 1  # "is there a row after the first 2?"
    rows, asked = _list(api_client, "true", 21)
    assert rows == sorted(s.pk for s in free) and asked == []
    rows, asked = _list(api_client, "false", 22)
    assert rows == sorted(s.pk for s in others) and asked == []
    clock["now"] += places_models.COMMON_SECONDS
    rows, asked = _list(api_client, "true", 23)
    assert rows == sorted(s.pk for s in free) and len(asked) == 1


def test_remembered_as_common_and_rare_since_gives_the_same_rows(api_client, stations):
    free, others = stations
    _list(api_client, "true", 20)
    for point in ChargePoint.objects.filter(station__in=free[1:]):
        point.status = ChargePointStatus.CHARGING
        point.save()
    rows, asked = _list(api_client, "true", 21)
    assert rows == [free[0].pk] and asked == []
    rows, _asked = _list(api_client, "false", 22)
    assert rows == sorted([s.pk for s in free[1:]] + [s.pk for s in others])
