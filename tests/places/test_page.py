import datetime as dt

import pytest
from django.utils import timezone

from apps.places.models import OpeningException, OpeningHours
from tests.factories import CommunityFactory, FacilityFactory, SubDistrictFactory

URL = "/nearby/"


@pytest.fixture
def place(db):
    street = SubDistrictFactory(name="汉正街街道", name_en="Hanzhengjie")
    community = CommunityFactory(sub_district=street, name="大夹街社区", name_en="Dajiajie", lat=30.58, lon=114.25)
    open_one = FacilityFactory(kind="canteen", community=community, lat=30.581, lon=114.25,
                               name="幸福食堂", name_en="Happiness Canteen", address="中山大道1号")
    closed_one = FacilityFactory(kind="park", community=community, lat=30.582, lon=114.25, name="口袋公园", name_en="Pocket Park")
    far = FacilityFactory(kind="park", community=community, lat=30.65, lon=114.25)
    now = timezone.localtime()
    for weekday in range(7):
        OpeningHours.objects.create(facility=open_one, weekday=weekday, opens=dt.time(0, 0), closes=dt.time(0, 0))
        OpeningHours.objects.create(facility=closed_one, weekday=weekday, opens=dt.time(0, 0), closes=dt.time(0, 0))
    OpeningException.objects.create(facility=closed_one, date=now.date(), closed=True, note="维修")
    return community, open_one, closed_one, far


def test_empty_form_renders(client, place):
    response = client.get(URL)
    assert response.status_code == 200
    body = response.content.decode()
    assert "<h1>" in body and "大夹街社区" in body and "汉正街街道" in body
    assert "<optgroup" in body
    assert "nearby-results" not in body


def test_search_by_community_without_js(client, place):
    community, open_one, closed_one, far = place
    response = client.get(URL, {"community": community.pk, "radius": 1000})
    assert response.status_code == 200
    body = response.content.decode()
    assert body.index("幸福食堂") < body.index("口袋公园")
    assert far.name not in body
    rows = response.context["rows"]
    assert [r.hit.id for r in rows] == [open_one.id, closed_one.id]
    assert [r.open_now for r in rows] == [True, False]
    assert "nearby-points" in body  # map data, no inline script
    assert "<script>" not in body


def test_search_by_coordinates_and_kind_in_english(client, place):
    community, open_one, closed_one, far = place
    response = client.get(URL, {"lat": "30.58", "lon": "114.25", "radius": 5000, "kind": ["park"]},
                          HTTP_ACCEPT_LANGUAGE="en")
    body = response.content.decode()
    assert response.status_code == 200
    assert "Pocket Park" in body and "Happiness Canteen" not in body
    assert "Facilities near me" in body
    assert "Closed now" in body


def test_chinese_by_default(client, place):
    community, *_ = place
    body = client.get(URL, {"community": community.pk}).content.decode()
    assert "幸福食堂" in body
    assert "Facilities near me" not in body


def test_gcj02_coordinates(client, place):
    from apps.places import crs

    _community, open_one, *_ = place
    lat, lon = crs.wgs84_to_gcj02(open_one.lat, open_one.lon)
    response = client.get(URL, {"lat": lat, "lon": lon, "crs": "gcj02", "radius": 300})
    assert response.context["rows"][0].hit.id == open_one.id
    assert response.context["rows"][0].hit.distance_m < 1


@pytest.mark.parametrize("params", [{"lat": "30.58"}, {"lat": "x", "lon": "114"}, {"lat": "95", "lon": "114"}])
def test_bad_coordinates_show_errors(client, place, params):
    response = client.get(URL, params, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert response.context["form"].errors
    assert 'aria-invalid="true"' in response.content.decode()


def test_query_count_constant(client, place, django_assert_max_num_queries):
    community = place[0]
    for i in range(25):
        f = FacilityFactory(community=community, lat=30.5801 + i * 1e-5, lon=114.25)
        OpeningHours.objects.create(facility=f, weekday=0, opens=dt.time(8), closes=dt.time(18))
    with django_assert_max_num_queries(10):
        response = client.get(URL, {"community": community.pk, "radius": 5000})
    assert len(response.context["rows"]) == 20
