from datetime import timedelta

import pytest
from django.utils import timezone

from apps.places.models import FacilityStatus
from tests.factories import CommunityFactory

from .factories import ChargePointFactory, StationFactory, station_with_piles

pytestmark = pytest.mark.django_db
URL = "/api/v1/charging-stations/"


def ids(response):
    assert response.status_code == 200, response.content
    return [item["id"] for item in response.json()["results"]]


def test_item_has_contract_fields_and_nested_piles(api_client):
    station = station_with_piles()
    item = api_client.get(URL).json()["results"][0]
    for key in ("id", "name", "address", "lat", "lon", "street", "community", "url"):
        assert key in item
    assert item["url"] == f"/charging/{station.pk}/"
    assert item["points_total"] == 2 and item["points_available"] == 2
    assert item["max_power_kw"] == 120
    assert item["tariff"]["total_per_kwh"] == "1.150"
    standards = {c["standard"] for p in item["charge_points"] for c in p["connectors"]}
    assert standards == {"gbt_dc", "gbt_ac"}
    assert item["charge_points"][0]["status"] == "available"


def test_only_published(api_client):
    shown = StationFactory()
    StationFactory(status=FacilityStatus.DRAFT)
    StationFactory(deleted_at=timezone.now())
    assert ids(api_client.get(URL)) == [shown.pk]


def test_contract_filters(api_client):
    comm = CommunityFactory()
    fast = station_with_piles(piles=[("ccs2", "dc", 180)], community=comm, name="快充站")
    slow = station_with_piles(piles=[("gbt_ac", "ac", 7)])
    busy = station_with_piles(piles=[("gbt_dc", "dc", 60)])
    busy.charge_points.update(status="charging")
    stale = station_with_piles(piles=[("gbt_dc", "dc", 60)])
    stale.charge_points.update(status_reported_at=timezone.now() - timedelta(days=1))
    assert ids(api_client.get(URL, {"connector": "ccs2"})) == [fast.pk]
    assert ids(api_client.get(URL, {"connector": "CCS2,gbt_ac"})) == [fast.pk, slow.pk]
    assert ids(api_client.get(URL, {"min_power_kw": "100"})) == [fast.pk]
    assert ids(api_client.get(URL, {"available": "true"})) == [fast.pk, slow.pk]
    assert ids(api_client.get(URL, {"available": "false"})) == [busy.pk, stale.pk]
    assert ids(api_client.get(URL, {"street": comm.sub_district_id})) == [fast.pk]
    assert ids(api_client.get(URL, {"community": comm.pk})) == [fast.pk]
    assert ids(api_client.get(URL, {"search": "快充"})) == [fast.pk]
    assert ids(api_client.get(URL, {"power_type": "ac"})) == [slow.pk]


@pytest.mark.parametrize("param,value", [
    ("connector", "tesla"), ("min_power_kw", "fast"), ("min_power_kw", "-5"), ("available", "perhaps"),
    ("street", "0"), ("community", "x"), ("power_type", "xx"),
])
def test_bad_filter_is_400_naming_parameter(api_client, param, value):
    response = api_client.get(URL, {param: value})
    assert response.status_code == 400
    assert param in response.json()


def test_english(api_client):
    station = station_with_piles(name="古田充电站", name_en="Gutian charging station")
    body = api_client.get(f"{URL}{station.pk}/", HTTP_ACCEPT_LANGUAGE="en").json()
    assert body["name"] == "Gutian charging station"
    assert {c["standard_label"] for p in body["charge_points"] for c in p["connectors"]} == {"GB/T DC", "GB/T AC"}
    zh = api_client.get(URL, {"available": "perhaps"}).json()["available"][0]
    en = api_client.get(URL, {"available": "perhaps"}, HTTP_ACCEPT_LANGUAGE="en").json()["available"][0]
    assert en == "Enter true or false." and zh != en


def test_detail_unpublished_404(api_client):
    draft = StationFactory(status=FacilityStatus.DRAFT)
    assert api_client.get(f"{URL}{draft.pk}/").status_code == 404
    assert api_client.get(f"{URL}{station_with_piles().pk}/").status_code == 200


def test_list_query_count_constant(api_client, django_assert_max_num_queries):
    for _ in range(2):
        station_with_piles()
    with django_assert_max_num_queries(9) as few:
        api_client.get(URL)
    for _ in range(20):
        station = station_with_piles()
        ChargePointFactory(station=station)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert len(api_client.get(URL, {"page_size": 22}).json()["results"]) == 22


def test_open_now_filter(api_client):
    from datetime import time

    from apps.places.models import OpeningException, OpeningHours

    always = station_with_piles()
    for day in range(7):
        OpeningHours.objects.create(facility=always, weekday=day, opens=time(0), closes=time(0))
    closed_today = station_with_piles()
    for day in range(7):
        OpeningHours.objects.create(facility=closed_today, weekday=day, opens=time(0), closes=time(0))
    OpeningException.objects.create(facility=closed_today, date=timezone.localdate(), closed=True)
    assert ids(api_client.get(URL, {"open_now": "true"})) == [always.pk]
    assert ids(api_client.get(URL, {"open_now": "false"})) == [closed_today.pk]


def test_written_out_piles_connectors_and_tariff_equal_declared_fields():
    """The list's charge points, connectors and tariff are written out by hand (issue 21): the
    same as what the declared DRF fields give, stale and unreported piles and a missing
    parking fee included."""
    from rest_framework import serializers

    from apps.charging.api import ChargePointSerializer, ConnectorSerializer, TariffSerializer
    from apps.charging.selectors import stations

    first, second = station_with_piles(), station_with_piles()
    second.parking_fee_per_hour = None
    second.save()
    ChargePointFactory(station=second, status_reported_at=None)
    ChargePointFactory(station=first, status_reported_at=timezone.now() - timedelta(days=3))
    rows = stations.annotate(stations.page([first.pk, second.pk]))
    checked = 0
    for station in rows:
        assert TariffSerializer().to_representation(station) == dict(
            serializers.Serializer.to_representation(TariffSerializer(), station))
        for point in station.charge_points.all():
            declared = dict(serializers.Serializer.to_representation(ChargePointSerializer(), point))
            assert ChargePointSerializer().to_representation(point) == declared
            for connector in point.connectors.all():
                assert ConnectorSerializer().to_representation(connector) == dict(
                    serializers.Serializer.to_representation(ConnectorSerializer(), connector))
                checked += 1
    assert checked >= 4
