import pytest
from django.utils import timezone

from apps.places.models import FacilityStatus
from tests.canteens.factories import CanteenFactory
from tests.factories import CommunityFactory
from tests.kinds import assert_api_list_queries_constant, ids

from .factories import ElderCareSiteFactory

pytestmark = pytest.mark.django_db
URL = "/api/v1/eldercare/"


def test_item_fields(api_client):
    site = ElderCareSiteFactory(level="centre", respite_beds=6, home_service=True, home_service_radius_m=1000,
                                contact="王老师", eligibility="辖区60岁以上老年人", eligibility_en="Residents aged 60+")
    item = api_client.get(URL, HTTP_ACCEPT_LANGUAGE="en").json()["results"][0]
    for key in ("id", "name", "address", "lat", "lon", "street", "community", "url", "open_now"):
        assert key in item
    assert item["url"] == f"/eldercare/{site.pk}/"
    assert item["level"] == "centre" and item["level_label"] == "Community elder service centre"
    assert [s["code"] for s in item["services"]] == ["day_care", "cultural_activities", "respite_beds"]
    assert item["services"][0]["label"] == "Day care"
    assert item["respite_beds"] == 6 and item["home_service"] is True and item["home_service_radius_m"] == 1000
    assert item["eligibility"] == "Residents aged 60+" and item["contact"] == "王老师"
    assert "nearest_canteen" not in item  # the detail's only


def test_detail_nearest_canteen(api_client):
    site = ElderCareSiteFactory(lat=30.58, lon=114.25)
    assert api_client.get(f"{URL}{site.pk}/").json()["nearest_canteen"] is None
    canteen = CanteenFactory(lat=30.581, lon=114.25, name="近食堂")
    CanteenFactory(lat=30.579, lon=114.25, status=FacilityStatus.DRAFT)  # nearer, not published
    found = api_client.get(f"{URL}{site.pk}/").json()["nearest_canteen"]
    assert found == {"id": canteen.pk, "name": "近食堂", "distance_m": 111, "url": f"/canteens/{canteen.pk}/"}


def test_only_published(api_client):
    shown = ElderCareSiteFactory()
    ElderCareSiteFactory(status=FacilityStatus.DRAFT)
    ElderCareSiteFactory(deleted_at=timezone.now())
    assert ids(api_client.get(URL)) == [shown.pk]
    assert api_client.get(f"{URL}{shown.pk + 100}/").status_code == 404


def test_filters(api_client):
    comm = CommunityFactory()
    centre = ElderCareSiteFactory(level="centre", rehabilitation=True, respite_beds=10, home_service=True,
                                  community=comm, name="古田养老服务中心", operator="古田街道")
    point = ElderCareSiteFactory(level="embedded_point", day_care=False)
    assert ids(api_client.get(URL, {"level": "centre"})) == [centre.pk]
    assert ids(api_client.get(URL, {"level": ["centre", "embedded_point"]})) == [centre.pk, point.pk]
    assert ids(api_client.get(URL, {"service": "rehabilitation,respite_beds"})) == [centre.pk]
    assert ids(api_client.get(URL, {"service": "cultural_activities"})) == [centre.pk, point.pk]
    assert ids(api_client.get(URL, {"home_service": "false"})) == [point.pk]
    assert ids(api_client.get(URL, {"street": comm.sub_district_id})) == [centre.pk]
    assert ids(api_client.get(URL, {"community": comm.pk})) == [centre.pk]
    assert ids(api_client.get(URL, {"search": "古田街道"})) == [centre.pk]  # the operator is searched


@pytest.mark.parametrize("param,value", [
    ("level", "palace"), ("service", "massage"), ("home_service", "maybe"), ("open_now", "soon"), ("street", "-1"),
])
def test_bad_filter_is_400(api_client, param, value):
    response = api_client.get(URL, {param: value})
    assert response.status_code == 400 and param in response.json()


def test_list_query_count_constant(api_client, django_assert_max_num_queries):
    assert_api_list_queries_constant(api_client, URL, ElderCareSiteFactory, django_assert_max_num_queries)
