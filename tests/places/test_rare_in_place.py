"""A list of a sub-district or a community with other filters first asks for the ids of the
facilities meeting them all there, unordered, up to RARE_IN_PLACE + 1 (the community index,
issue 21): few, the list reads those rows by id; more, it reads its index as before. The rows
are the same either way (the brute-force list tests run with the threshold at 0, 3 and the
default); these tests show which way a list goes. On SQLite only: PostgreSQL's planner finds
the community index for a rare combination by itself (apps.places.filters.IN_PLACE_VENDORS)."""

from datetime import datetime, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from apps.canteens.models import Canteen
from apps.places import filter_bits, filters
from apps.places.models import Facility, FacilityStatus
from tests.canteens.factories import CanteenFactory
from tests.factories import CommunityFactory, SubDistrictFactory

pytestmark = pytest.mark.django_db

IN_PLACE = connection.vendor in filters.IN_PLACE_VENDORS

def _list(api_client, query: dict):
    """The ids listed, the candidates' query (if any) and the list's page query."""
    with CaptureQueriesContext(connection) as queries:
        response = api_client.get("/api/v1/canteens/", query)
    assert response.status_code == 200, response.content
    candidates = [q["sql"] for q in queries if q["sql"].startswith('SELECT id FROM "places_facility"')]
    pages = [q["sql"] for q in queries if 'AS "pk" FROM "canteens_canteen"' in q["sql"]]
    assert len(candidates) <= 1 and len(pages) == 1, (candidates, pages)
    return [row["id"] for row in response.json()["results"]], candidates[0] if candidates else None, pages[0]


@pytest.fixture
def places(monkeypatch):
    # (every bit combination counts as common here: the bit filters' own short cut, by the
    # whole kind's values, is not taken)
    monkeypatch.setattr("apps.places.filter_bits.RARE_MATCHES", 0)
    here, elsewhere = CommunityFactory(), CommunityFactory()
    delivering = CanteenFactory(community=here, home_delivery=True)
    others = [CanteenFactory(community=here, home_delivery=False) for _ in range(3)]
    far = [CanteenFactory(community=elsewhere, home_delivery=True) for _ in range(2)]
    return here, delivering, others, far


def test_few_in_the_place_are_read_by_id(api_client, places):
    here, delivering, _others, _far = places
    ids, candidates, page_query = _list(api_client, {"community": here.pk, "delivery": "true"})
    assert ids == [delivering.pk]
    if not IN_PLACE:
        assert candidates is None
        return
    assert "ORDER BY" not in candidates and f"LIMIT {filters.RARE_IN_PLACE + 1}" in candidates
    # the page reads that id only (its filters still apply)
    assert f'"canteens_canteen"."facility_ptr_id" IN ({delivering.pk})' in page_query


def test_many_in_the_place_are_read_from_the_index_as_before(api_client, places, monkeypatch):
    here, _delivering, others, _far = places
    monkeypatch.setattr("apps.places.filters.RARE_IN_PLACE", 2)  # three is many here
    ids, candidates, page_query = _list(api_client, {"community": here.pk, "delivery": "false"})
    assert ids == sorted(c.pk for c in others)
    if not IN_PLACE:
        assert candidates is None
        return
    assert "LIMIT 3" in candidates
    assert '"canteens_canteen"."facility_ptr_id" IN (' not in page_query


def test_open_now_in_the_place_counts_a_facility_whose_state_ran_out_as_a_candidate(api_client, places):
    """Its stored open-now state is not valid (never computed, here): the index cannot tell, so
    it is a candidate and the list asks its hours (none: closed)."""
    here, delivering, others, _far = places
    ids, candidates, _page = _list(api_client, {"community": here.pk, "open_now": "false"})
    assert ids == sorted([delivering.pk, *(c.pk for c in others)])
    assert candidates is None or f"LIMIT {filters.RARE_IN_PLACE + 1}" in candidates


def test_a_place_alone_no_place_or_no_indexed_filter_asks_no_candidates(api_client, places):
    here, delivering, others, far = places
    ids, candidates, _page = _list(api_client, {"community": here.pk})
    assert ids == sorted([delivering.pk, *(c.pk for c in others)]) and candidates is None
    ids, candidates, _page = _list(api_client, {"delivery": "true"})
    assert ids == sorted([delivering.pk, *(c.pk for c in far)]) and candidates is None
    ids, candidates, _page = _list(api_client, {"community": here.pk, "search": "食堂"})
    assert len(ids) == 4 and candidates is None


def test_ids_in_place_are_the_candidates_the_index_holds():
    """Read on both databases (its SQL is written out): the place's published facilities of the
    kind meeting the bit requirements, and with open_now those whose stored state says so at
    that moment or is not valid then."""
    street = SubDistrictFactory()
    here, next_door, elsewhere = (CommunityFactory(sub_district=street), CommunityFactory(sub_district=street),
                                  CommunityFactory())
    when = timezone.make_aware(datetime(2026, 12, 7, 12, 0))
    later = when + timedelta(hours=1)

    def canteen(community, *, delivery=True, state=None, until=None, **kwargs):
        made = CanteenFactory(community=community, home_delivery=delivery, **kwargs)
        Facility.objects.filter(pk=made.pk).update(open_state=bool(state), open_until=until)
        return made.pk

    open_ = canteen(here, state=True, until=later)
    closed = canteen(here, state=False, until=later)
    ran_out = canteen(next_door, state=True, until=when)  # valid until noon: not at noon
    unknown = canteen(next_door)  # never computed
    no_delivery = canteen(here, delivery=False, state=True, until=later)
    canteen(elsewhere, state=True, until=later)
    canteen(here, state=True, until=later, status=FacilityStatus.DRAFT)
    deleted = canteen(here, state=True, until=later)
    Facility.objects.filter(pk=deleted).update(deleted_at=when)
    delivery = filter_bits.requirement(Canteen, "delivery", [True])

    def ids(**kwargs):
        return sorted(filter_bits.ids_in_place("canteen", kwargs.pop("requirements", [delivery]), when=when,
                                               limit=100, **kwargs))

    assert ids(street=street.pk) == [open_, closed, ran_out, unknown]
    assert ids(community=here.pk) == [open_, closed]
    assert ids(community=here.pk, requirements=[]) == [open_, closed, no_delivery]
    assert ids(street=street.pk, open_now=True) == [open_, ran_out, unknown]
    assert ids(street=street.pk, open_now=False) == [closed, ran_out, unknown]
    assert ids(street=street.pk, community=next_door.pk) == [ran_out, unknown]
    assert len(filter_bits.ids_in_place("canteen", [], street=street.pk, when=when, limit=2)) == 2
