from datetime import time

import pytest
from django.utils import timezone

from apps.places.models import FacilityStatus, OpeningHours
from tests.factories import CommunityFactory

from .factories import AmenityFactory, ParkFactory, park_with

pytestmark = pytest.mark.django_db
URL = "/api/v1/parks/"


def ids(response):
    assert response.status_code == 200, response.content
    return [item["id"] for item in response.json()["results"]]


def test_item_fields(api_client):
    park = park_with("toilets", parking_spaces=474, area_m2=28000, green_area_m2=None)
    item = api_client.get(URL).json()["results"][0]
    for key in ("id", "name", "address", "lat", "lon", "street", "community", "url"):
        assert key in item
    assert item["url"] == f"/parks/{park.pk}/"
    assert item["parking_spaces"] == 474 and item["area_m2"] == 28000
    assert item["amenities"][0]["amenity"] == "toilets"


def test_only_published(api_client):
    shown = ParkFactory()
    ParkFactory(status=FacilityStatus.DRAFT)
    ParkFactory(deleted_at=timezone.now())
    assert ids(api_client.get(URL)) == [shown.pk]


def test_filters(api_client):
    comm = CommunityFactory()
    big = park_with("toilets", "fitness", park_type="city", area_m2=28000, green_area_m2=20000,
                    parking_spaces=474, community=comm, name="古田公园")
    small = park_with("seating")
    for day in range(7):
        OpeningHours.objects.create(facility=small, weekday=day, opens=time(0), closes=time(0))
    assert ids(api_client.get(URL, {"amenity": "toilets,fitness"})) == [big.pk]
    assert ids(api_client.get(URL, {"amenity": ["toilets", "seating"]})) == []
    assert ids(api_client.get(URL, {"park_type": "city"})) == [big.pk]
    assert ids(api_client.get(URL, {"min_area_m2": 10000})) == [big.pk]
    assert ids(api_client.get(URL, {"parking": "true"})) == [big.pk]
    assert ids(api_client.get(URL, {"open_now": "true"})) == [small.pk]
    assert ids(api_client.get(URL, {"street": comm.sub_district_id})) == [big.pk]
    assert ids(api_client.get(URL, {"community": comm.pk})) == [big.pk]
    assert ids(api_client.get(URL, {"search": "古田"})) == [big.pk]


@pytest.mark.parametrize("param,value", [
    ("amenity", "zoo"), ("park_type", "forest"), ("min_area_m2", "big"), ("parking", "lots"),
    ("open_now", "soon"), ("street", "-1"),
])
def test_bad_filter_is_400(api_client, param, value):
    response = api_client.get(URL, {param: value})
    assert response.status_code == 400
    assert param in response.json()


def test_english_and_404(api_client):
    park = ParkFactory(name="古田公园", name_en="Gutian Park")
    AmenityFactory(park=park, amenity="running_track", note="儿童樱花跑道", note_en="Kids' cherry-blossom running track")
    en = api_client.get(f"{URL}{park.pk}/", HTTP_ACCEPT_LANGUAGE="en").json()
    assert en["name"] == "Gutian Park"
    assert en["amenities"][0]["note"] == "Kids' cherry-blossom running track"
    assert en["park_type_label"] == "Pocket park"
    zh = api_client.get(f"{URL}{park.pk}/").json()
    assert zh["park_type_label"] == "口袋公园"
    assert api_client.get(f"{URL}{ParkFactory(status=FacilityStatus.DRAFT).pk}/").status_code == 404


def test_query_count_constant(api_client, django_assert_max_num_queries):
    park_with("toilets")
    with django_assert_max_num_queries(8) as few:
        api_client.get(URL)
    for _ in range(24):
        park_with("toilets", "seating")
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert len(api_client.get(URL, {"page_size": 25}).json()["results"]) == 25


def test_amenities_written_out_equal_the_declared_fields():
    from rest_framework import serializers

    from apps.parks.api import AmenitySerializer

    park = ParkFactory()
    plain = AmenityFactory(park=park)
    noted = AmenityFactory(park=park, amenity="toilets", note="东门旁", note_en="by the east gate")
    for amenity in (plain, noted):
        assert AmenitySerializer().to_representation(amenity) == dict(
            serializers.Serializer.to_representation(AmenitySerializer(), amenity))
