"""A list's rows take their community and sub-district from the copy each process keeps
(apps.places.reference, issue 21) instead of joining them per row: the names shown are the
database's, in both languages, a change shows at once in the process that made it, and a
community new to the process is read at once."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from apps.places import reference
from apps.places.models import Community, SubDistrict
from tests.canteens.factories import CanteenFactory
from tests.factories import CommunityFactory, SubDistrictFactory

pytestmark = pytest.mark.django_db

TABLES = (Community._meta.db_table, SubDistrict._meta.db_table)


def _list(client, url="/api/v1/canteens/", language="zh-hans"):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200
    reads = [q["sql"] for q in queries if any(f'"{table}"' in q["sql"] for table in TABLES)]
    return response, reads


def _names(response) -> dict:
    return {row["id"]: (row["community_name"], row["street_name"]) for row in response.json()["results"]}


@pytest.fixture
def two_communities():
    street = SubDistrictFactory(name="汉正街街道", name_en="Hanzhengjie Sub-district")
    first = CommunityFactory(sub_district=street, name="万安巷社区", name_en="Wan'anxiang Community")
    second = CommunityFactory(name="宝丰社区", name_en="Baofeng Community")
    return CanteenFactory(community=first), CanteenFactory(community=second)


def test_rows_show_the_database_names_read_once_per_process(api_client, two_communities):
    one, two = two_communities
    response, reads = _list(api_client)
    assert _names(response) == {one.pk: ("万安巷社区", "汉正街街道"),
                                two.pk: ("宝丰社区", two.community.sub_district.name)}
    assert len(reads) == 1  # communities with their sub-districts, once
    assert not any("JOIN" in sql and '"canteens_canteen"' in sql for sql in reads)
    response, reads = _list(api_client, language="en")
    assert _names(response)[one.pk] == ("Wan'anxiang Community", "Hanzhengjie Sub-district")
    assert reads == []  # the same copy, whatever the language
    row = next(r for r in response.json()["results"] if r["id"] == one.pk)
    assert (row["community"], row["street"]) == (one.community_id, one.community.sub_district_id)


def test_list_pages_use_the_copy_too(client, two_communities):
    one, _two = two_communities
    _list(client, "/canteens/")
    response, reads = _list(client, "/canteens/?open_now=false")
    assert "万安巷社区" in response.content.decode()
    assert reads == []  # the rows' names and the filter form's options, all kept


def test_a_rename_shows_at_once_in_this_process(api_client, two_communities):
    one, _two = two_communities
    _list(api_client)
    community = one.community
    community.name = "新万安巷社区"
    community.save()
    street = community.sub_district
    street.name = "新汉正街街道"
    street.save()
    assert _names(_list(api_client)[0])[one.pk] == ("新万安巷社区", "新汉正街街道")


def test_a_community_new_to_the_process_is_read_at_once(api_client, two_communities):
    _list(api_client)
    # made without a signal, as a save in another process would look from here
    Community.objects.bulk_create([Community(code="new-1", name="新社区", name_en="New Community",
                                             sub_district=SubDistrict.objects.first(), lat=30.6, lon=114.2)])
    added = CanteenFactory(community=Community.objects.get(code="new-1"))
    assert added.community_id not in reference._kept["communities"][1]
    response, reads = _list(api_client)
    assert _names(response)[added.pk][0] == "新社区"
    assert len(reads) == 1


def test_the_copy_is_read_again_after_a_minute(api_client, two_communities, reference_clock):
    one, _two = two_communities
    _list(api_client)
    Community.objects.filter(pk=one.community_id).update(name="另一个进程改的名字")  # no signal here
    # (another query each time: the list itself is cached by the minute)
    assert _names(_list(api_client, "/api/v1/canteens/?page_size=21")[0])[one.pk][0] == "万安巷社区"
    reference_clock["now"] += reference.KEEP_SECONDS
    assert _names(_list(api_client, "/api/v1/canteens/?page_size=22")[0])[one.pk][0] == "另一个进程改的名字"


def test_the_copy_holds_no_boundary():
    CommunityFactory(boundary={"type": "Polygon", "coordinates": [[[114.2, 30.6], [114.3, 30.6], [114.2, 30.7],
                                                                     [114.2, 30.6]]]})
    kept = reference.communities([])
    assert kept and all("boundary" not in community.__dict__ for community in kept.values())
