"""``min_power_kw`` read from the connector power tiers kept as filter bits (POWER_TIERS_KW):
exact at a tier from the bits alone, exact anywhere else from the tier below and the
connectors, and kept right when a connector changes."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from apps.charging.models import POWER_TIERS_KW, ChargingStation, Connector
from apps.places.filter_bits import spec_for
from apps.places.models import Facility

from .factories import station_with_piles

pytestmark = pytest.mark.django_db
URL = "/api/v1/charging-stations/"


@pytest.fixture
def stations():
    return {
        kw: station_with_piles(piles=[("gbt_ac", "ac", 7)] + ([("gbt_dc", "dc", kw)] if kw > 7 else []))
        for kw in (7, 22, 60, 100, 120, 150, 400)
    }


def ids(response):
    assert response.status_code == 200, response.content
    return [item["id"] for item in response.json()["results"]]


def tier_bits(station) -> set:
    bits = Facility.objects.get(pk=station.pk).filter_bits
    return {value for group, value, bit, _ in spec_for(ChargingStation).bits() if group == "min_power" and bits & bit}


def test_each_station_has_the_tiers_its_strongest_connector_reaches(stations):
    for kw, station in stations.items():
        assert tier_bits(station) == {t for t in POWER_TIERS_KW if t <= kw}


@pytest.mark.parametrize("value", ["0", "5", "7", "7.5", "22", "60", "61", "100", "120.0", "130", "360", "400", "401"])
def test_min_power_equals_the_connectors_at_and_between_tiers(api_client, stations, value):
    expected = sorted(s.pk for kw, s in stations.items() if kw >= Decimal(value))
    assert ids(api_client.get(URL, {"min_power_kw": value, "page_size": 50})) == expected


def _list_sql(api_client, value) -> str:
    with CaptureQueriesContext(connection) as queries:
        ids(api_client.get(URL, {"min_power_kw": value}))
    return "\n".join(q["sql"] for q in queries.captured_queries)


def test_a_tier_is_read_from_the_bits_alone_another_value_also_from_the_connectors(api_client, stations):
    at_tier = [q for q in _list_sql(api_client, "60").split("\n") if "max_power_kw\" >=" in q]
    between = [q for q in _list_sql(api_client, "61").split("\n") if "max_power_kw\" >=" in q]
    assert at_tier == []
    assert between


def test_a_connector_changed_changes_the_tiers(api_client, stations):
    station = stations[60]
    connector = Connector.objects.get(charge_point__station=station, power_type="dc")
    connector.max_power_kw = Decimal("240")
    connector.save()
    assert tier_bits(station) == {t for t in POWER_TIERS_KW if t <= 240}
    assert station.pk in ids(api_client.get(URL, {"min_power_kw": "240"}))
    connector.delete()
    assert tier_bits(station) == {7}
    assert station.pk not in ids(api_client.get(URL, {"min_power_kw": "22"}))
