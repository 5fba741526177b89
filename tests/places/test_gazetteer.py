"""Nearby from an address or landmark (issue 19): the search box finds communities,
sub-districts, roads and facilities by Chinese name, English name, pinyin or pinyin initials,
with no outside geocoder; the best match is the starting point, on a page that works without
JavaScript."""

import pytest

from apps.places import gazetteer
from tests.canteens.factories import full_canteen
from tests.factories import CommunityFactory, SubDistrictFactory
from tests.parks.factories import park_with

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    street = SubDistrictFactory(name="古田街道", name_en="Gutian Sub-district", lat=30.590, lon=114.220)
    community = CommunityFactory(name="古田一路社区", name_en="Gutianyilu Community", sub_district=street,
                                 lat=30.585, lon=114.225)
    park = park_with(name="古田公园", name_en="Gutian Park", lat=30.5800, lon=114.2300, community=community,
                     address="硚口区古田二路特1号")
    canteen = full_canteen(name="汉水桥幸福食堂", name_en="Hanshuiqiao Happiness Canteen", community=community,
                           lat=30.5700, lon=114.2600, address="硚口区古田二路88号")
    return {"street": street, "community": community, "park": park, "canteen": canteen}


def first(query):
    found = gazetteer.search(query)
    return (found[0].kind, found[0].name) if found else None


def test_pinyin_initials_find_the_park(world):
    assert first("gtgy") == ("facility", "古田公园")
    assert first("GTGY") == ("facility", "古田公园")


@pytest.mark.parametrize(("query", "expected"), [
    ("古田公园", ("facility", "古田公园")),
    ("Gutian Park", ("facility", "古田公园")),
    ("gutian park", ("facility", "古田公园")),
    ("gutiangongyuan", ("facility", "古田公园")),
    ("古田一路", ("community", "古田一路社区")),
    ("gutianyilu", ("community", "古田一路社区")),
    ("gtylsq", ("community", "古田一路社区")),
    ("古田街道", ("sub_district", "古田街道")),
    ("汉水桥", ("facility", "汉水桥幸福食堂")),
    ("古田二路", ("road", "古田二路")),
])
def test_names_in_every_form(world, query, expected):
    assert first(query) == expected


def test_a_road_lies_at_the_mean_of_its_facilities(world):
    road = next(p for p in gazetteer.search("古田二路") if p.kind == "road")
    assert road.lat == pytest.approx((30.58 + 30.57) / 2) and road.lon == pytest.approx((114.23 + 114.26) / 2)
    assert gazetteer.road_of("武汉市硚口区解放大道618号") == "解放大道"
    assert gazetteer.road_of("宗关街道某小区") == ""


def test_nothing_is_found_for_nonsense(world):
    assert gazetteer.search("zzzzqx") == []
    assert gazetteer.search("   ") == []


def test_above_the_index_limit_facilities_are_found_in_the_database(world, monkeypatch):
    monkeypatch.setattr(gazetteer, "FACILITY_INDEX_LIMIT", 1)
    assert first("汉水桥幸福") == ("facility", "汉水桥幸福食堂")
    assert first("Hanshuiqiao") == ("facility", "汉水桥幸福食堂")
    assert first("古田一路") == ("community", "古田一路社区")


class TestNearbyPage:
    def test_the_match_is_the_starting_point(self, client, world):
        text = client.get("/nearby/?place=gtgy&radius=1000").content.decode()
        assert "古田公园附近" in text
        assert 'data-center-lat="30.5800000"' in text
        assert 'value="gtgy"' in text

    def test_in_english(self, client, world):
        text = client.get("/nearby/?place=gutian+park&radius=5000", HTTP_ACCEPT_LANGUAGE="en").content.decode()
        assert "Near Gutian Park" in text
        assert "Hanshuiqiao Happiness Canteen" in text

    def test_other_matches_are_offered_as_links(self, client, world):
        text = client.get("/nearby/?place=古田&radius=1000").content.decode()
        assert "古田一路社区附近" in text  # a community before facilities and roads
        assert "?place=%E5%8F%A4%E7%94%B0%E5%85%AC%E5%9B%AD&amp;radius=1000" in text  # 古田公园

    def test_no_match_is_a_clear_message_not_an_error(self, client, world):
        response = client.get("/nearby/?place=zzzzqx")
        assert response.status_code == 200
        assert "没有找到名为“zzzzqx”的社区、道路或地点" in response.content.decode()

    def test_coordinates_win_over_a_place(self, client, world):
        text = client.get("/nearby/?place=gtgy&lat=30.57&lon=114.26&radius=1000").content.decode()
        assert "古田公园附近" not in text and 'data-center-lat="30.5700000"' in text


@pytest.mark.parametrize("text", ["<script>alert(1)</script>", "%_%", "'; DROP TABLE x; --", "(((", "古" * 61, "ＧＴＧＹ"])
def test_odd_input_is_answered_not_crashed(client, world, text):
    response = client.get("/nearby/", {"place": text, "radius": 1000})
    assert response.status_code == 200
    assert "<script>alert(1)</script>" not in response.content.decode()
