from datetime import time
from decimal import Decimal

import pytest
from django.utils import timezone

from apps.canteens.models import Meal
from apps.places.models import FacilityStatus, OpeningHours
from tests.factories import CommunityFactory

from .factories import CanteenFactory, MealServiceFactory, always_open, full_canteen

pytestmark = pytest.mark.django_db
URL = "/api/v1/canteens/"


def ids(response):
    return [item["id"] for item in response.json()["results"]]


def test_list_item_has_contract_fields(api_client):
    canteen = full_canteen()
    response = api_client.get(URL)
    assert response.status_code == 200
    body = response.json()
    assert set(body) >= {"count", "next", "previous", "results"}
    item = body["results"][0]
    for key in ("id", "name", "address", "lat", "lon", "street", "community", "url"):
        assert key in item
    assert item["id"] == canteen.pk
    assert item["street"] == canteen.community.sub_district_id
    assert item["community"] == canteen.community_id
    assert item["url"] == f"/canteens/{canteen.pk}/"
    lunch = next(s for s in item["meal_services"] if s["meal"] == "lunch")
    assert lunch["price"] == "15.00"
    assert [p["price"] for p in lunch["senior_prices"]] == ["14.00", "13.00", "11.00"]
    assert [s["meal"] for s in item["meal_services"]] == ["breakfast", "lunch"]


def test_only_published_alive_canteens(api_client):
    shown = CanteenFactory()
    CanteenFactory(status=FacilityStatus.DRAFT)
    CanteenFactory(status=FacilityStatus.TEMPORARILY_CLOSED)
    CanteenFactory(deleted_at=timezone.now())
    assert ids(api_client.get(URL)) == [shown.pk]


def test_filters_street_community_search_meal_delivery(api_client):
    a_comm = CommunityFactory()
    b_comm = CommunityFactory()
    a = CanteenFactory(community=a_comm, name="汉正街幸福食堂", home_delivery=True)
    b = CanteenFactory(community=b_comm, name="宝丰幸福食堂")
    MealServiceFactory(canteen=a, meal=Meal.LUNCH)
    MealServiceFactory(canteen=b, meal=Meal.LUNCH)
    MealServiceFactory(canteen=b, meal=Meal.DINNER, starts=time(17), ends=time(19))
    assert ids(api_client.get(URL, {"street": a_comm.sub_district_id})) == [a.pk]
    assert ids(api_client.get(URL, {"community": b_comm.pk})) == [b.pk]
    assert ids(api_client.get(URL, {"search": "汉正"})) == [a.pk]
    assert ids(api_client.get(URL, {"meal": "dinner"})) == [b.pk]
    assert ids(api_client.get(URL, {"meal": "lunch,dinner"})) == [b.pk]
    assert ids(api_client.get(URL, {"delivery": "true"})) == [a.pk]
    assert ids(api_client.get(URL, {"delivery": "false"})) == [b.pk]


def test_open_now_filter(api_client):
    open_one = CanteenFactory()
    always_open(open_one)
    CanteenFactory()  # no hours: closed
    assert ids(api_client.get(URL, {"open_now": "true"})) == [open_one.pk]
    assert api_client.get(URL).json()["results"][0]["open_now"] is True


@pytest.mark.parametrize("param,value", [
    ("street", "999999"), ("community", "abc"), ("meal", "supper"), ("delivery", "maybe"),
    ("open_now", "2"),
])
def test_bad_filter_values_are_400_naming_the_parameter(api_client, param, value):
    response = api_client.get(URL, {param: value})
    assert response.status_code == 400
    assert param in response.json()


def test_errors_follow_accept_language(api_client):
    zh = api_client.get(URL, {"delivery": "maybe"}).json()["delivery"][0]
    en = api_client.get(URL, {"delivery": "maybe"}, HTTP_ACCEPT_LANGUAGE="en").json()["delivery"][0]
    assert en == "Enter true or false."
    assert zh != en


def test_name_follows_language(api_client):
    canteen = CanteenFactory(name="古田幸福食堂", name_en="Gutian Senior Canteen")
    assert api_client.get(f"{URL}{canteen.pk}/").json()["name"] == "古田幸福食堂"
    en = api_client.get(f"{URL}{canteen.pk}/", HTTP_ACCEPT_LANGUAGE="en").json()
    assert en["name"] == "Gutian Senior Canteen"


def test_detail_has_menu_and_unpublished_is_404(api_client):
    canteen = full_canteen()
    body = api_client.get(f"{URL}{canteen.pk}/").json()
    assert body["menu"][0]["dish"] == "红烧肉"
    assert len(body["opening_hours"]) == 5
    draft = CanteenFactory(status=FacilityStatus.DRAFT)
    assert api_client.get(f"{URL}{draft.pk}/").status_code == 404
    deleted = CanteenFactory(deleted_at=timezone.now())
    assert api_client.get(f"{URL}{deleted.pk}/").status_code == 404
    assert api_client.get(f"{URL}999999/").status_code == 404


def test_list_query_count_is_constant(api_client, django_assert_max_num_queries):
    for _ in range(3):
        full_canteen()
    with django_assert_max_num_queries(8) as few:
        assert len(api_client.get(URL).json()["results"]) == 3
    for _ in range(22):
        c = full_canteen()
        OpeningHours.objects.create(facility=c, weekday=6, opens=time(8), closes=time(9))
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert len(api_client.get(URL, {"page_size": 25}).json()["results"]) == 25


def test_in_openapi_schema(api_client):
    schema = api_client.get("/api/schema/", HTTP_ACCEPT="application/json").content.decode()
    assert "/api/v1/canteens/" in schema
    assert "/api/v1/canteens/{id}/" in schema
    assert "delivery" in schema


def test_meal_services_written_out_equal_the_nested_serializers():
    from apps.canteens.api import CanteenMealServiceSerializer, CanteenSerializer
    from apps.canteens.models import MEAL_ORDER

    canteen = full_canteen()
    MealServiceFactory(canteen=canteen, meal="dinner", starts=time(17), ends=time(18, 30), price=Decimal("9.5"))
    services = sorted(canteen.meal_services.all(), key=lambda s: MEAL_ORDER.get(s.meal, 9))
    expected = CanteenMealServiceSerializer(
        services, many=True, context={"discounts": {canteen.pk: list(canteen.discounts.all())}}
    ).data
    assert CanteenSerializer().get_meal_services(canteen) == [dict(item) for item in expected]


def test_senior_discounts_written_out_equal_the_declared_fields():
    from rest_framework import serializers

    from apps.canteens.api import CanteenDiscountSerializer

    canteen = full_canteen()
    discounts = list(canteen.discounts.all())
    assert any(d.max_age is None for d in discounts) and any(d.max_age is not None for d in discounts)
    for discount in discounts:
        assert CanteenDiscountSerializer().to_representation(discount) == dict(
            serializers.Serializer.to_representation(CanteenDiscountSerializer(), discount))
