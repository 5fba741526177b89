"""The sub-district filter of the lists (``street``, apps.places.selectors.in_street): "community
in (its communities)", written out on PostgreSQL from the process's copy of the communities
(apps.places.reference), a subquery on SQLite. Either way a list shows the sub-district's
facilities, a community saved in this process at once, one added by another within the
minute the copy is kept (as the cached lists do)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from apps.places import reference
from apps.places.models import Community
from tests.canteens.factories import CanteenFactory
from tests.factories import CommunityFactory, SubDistrictFactory

pytestmark = pytest.mark.django_db
URL = "/api/v1/canteens/"


@pytest.fixture
def streets():
    east, west = SubDistrictFactory(), SubDistrictFactory()
    east_canteens = [CanteenFactory(community=CommunityFactory(sub_district=east)) for _ in range(3)]
    west_canteens = [CanteenFactory(community=CommunityFactory(sub_district=west)) for _ in range(2)]
    return east, west, east_canteens, west_canteens


def ids(api_client, street, **more) -> list[int]:
    # (page_size varied by the callers: each query is a list the minute's cache has not seen)
    response = api_client.get(URL, {"street": street.pk, **more})
    assert response.status_code == 200, response.content
    return [row["id"] for row in response.json()["results"]]


def test_a_sub_district_lists_the_facilities_of_its_communities(api_client, streets):
    east, west, east_canteens, west_canteens = streets
    assert ids(api_client, east) == sorted(c.pk for c in east_canteens)
    assert ids(api_client, west) == sorted(c.pk for c in west_canteens)
    assert reference.street_communities(east.pk) == sorted(c.community_id for c in east_canteens)
    assert reference.street_communities(SubDistrictFactory().pk) == []


def test_how_the_communities_are_asked_for(api_client, streets):
    east, _west, east_canteens, _ = streets
    with CaptureQueriesContext(connection) as queries:
        ids(api_client, east)
    lean = next(q["sql"] for q in queries.captured_queries if 'AS "pk"' in q["sql"])  # the page's ids
    if connection.vendor == "postgresql":
        written_out = ", ".join(str(c.community_id) for c in sorted(east_canteens, key=lambda c: c.community_id))
        assert f'"community_id" IN ({written_out})' in lean
        assert Community._meta.db_table not in lean
    else:
        assert f'"sub_district_id" = {east.pk}' in lean


def test_a_community_saved_here_shows_at_once(api_client, streets):
    east, _west, east_canteens, _ = streets
    ids(api_client, east)
    moved = CommunityFactory(sub_district=east)
    added = CanteenFactory(community=moved)
    assert ids(api_client, east, page_size=21) == sorted([*(c.pk for c in east_canteens), added.pk])


def test_a_community_added_by_another_process_shows_within_the_minute(api_client, streets, reference_clock):
    east, _west, east_canteens, _ = streets
    ids(api_client, east)
    # made without a signal, as a save in another process would look from here
    Community.objects.bulk_create([Community(code="elsewhere-1", name="新社区", sub_district=east, lat=30.6, lon=114.2)])
    canteen = CanteenFactory(community=Community.objects.get(code="elsewhere-1"))
    expected = sorted([*(c.pk for c in east_canteens), canteen.pk])
    reference_clock["now"] += reference.KEEP_SECONDS
    assert ids(api_client, east, page_size=22) == expected
