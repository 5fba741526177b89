"""Seek lists (apps/core/pagination.py, issue 21): walking the cursor links visits every row
once in the list's order, forwards and backwards; the count is exact up to the cap and a
lower bound past it; a page is two queries whatever its depth; bad cursors are a 400."""

import random
from urllib.parse import parse_qs, urlparse

import pytest
from django.http import QueryDict

from apps.core.pagination import (
    BadPage,
    SeekOrder,
    count_capped,
    decode_cursor,
    encode_cursor,
    seek_page,
)
from apps.places.models import Facility, FacilityStatus
from apps.places.registry import registered_kinds
from tests.factories import CommunityFactory, FacilityFactory

pytestmark = pytest.mark.django_db


def _params(**kwargs) -> QueryDict:
    query = QueryDict(mutable=True)
    for key, value in kwargs.items():
        query[key] = str(value)
    return query


@pytest.fixture
def mixed():
    """60 facilities in random kinds, communities, statuses and names (seeded)."""
    rng = random.Random(21)
    communities = [CommunityFactory() for _ in range(3)]
    for i in range(60):
        FacilityFactory(
            kind=rng.choice(list(registered_kinds())), community=rng.choice(communities),
            status=rng.choice([FacilityStatus.PUBLISHED] * 3 + [FacilityStatus.DRAFT]),
            name=f"设施{rng.randrange(5)}", lat=30.5 + i / 1000,
        )
    return communities


def _walk(queryset, order, size, **extra):
    """Every page by following next_cursor from the first; then back with previous_cursor."""
    pages = [seek_page(queryset, _params(page_size=size, **extra), order=order, strict=True)]
    while pages[-1].next_cursor:
        pages.append(seek_page(queryset, _params(page_size=size, cursor=pages[-1].next_cursor, **extra),
                               order=order, strict=True))
    back = [pages[-1]]
    while back[-1].previous_cursor:
        back.append(seek_page(queryset, _params(page_size=size, cursor=back[-1].previous_cursor, **extra),
                              order=order, strict=True))
    return pages, back


@pytest.mark.parametrize("order", [("id",), ("-id",), ("name", "id"), ("-name", "kind", "-id"), ("kind", "-lat", "id")])
@pytest.mark.parametrize("size", [1, 7, 20, 100])
def test_cursor_walk_equals_the_sorted_list(mixed, order, size):
    queryset = Facility.objects.published()
    expected = list(queryset.order_by(*order).values_list("pk", flat=True))
    pages, back = _walk(queryset, order, size)
    assert [f.pk for page in pages for f in page] == expected
    assert [page.number for page in pages] == list(range(1, len(pages) + 1))
    # the page number travels in the cursor, and page N by cursor is page N by number
    for page in pages:
        by_number = seek_page(queryset, _params(page_size=size, page=page.number), order=order, strict=True)
        assert [f.pk for f in by_number] == [f.pk for f in page]
        assert page.count == len(expected) and page.count_exact
    # backwards, the same pages in reverse
    assert [[f.pk for f in p] for p in back] == [[f.pk for f in p] for p in reversed(pages)]
    assert back[-1].number == 1 and not back[-1].has_previous


def test_filtered_cursor_walk_matches_a_brute_force_filter(mixed):
    rng = random.Random(7)
    everything = list(Facility.objects.all())
    for _ in range(15):
        kinds = rng.sample(list(registered_kinds()), rng.randint(1, 3))
        community = rng.choice([None, *mixed])
        queryset = Facility.objects.published().filter(kind__in=kinds)
        if community:
            queryset = queryset.filter(community=community)
        expected = sorted(
            f.pk for f in everything
            if f.status == FacilityStatus.PUBLISHED and f.kind in kinds and (community is None or f.community_id == community.pk)
        )
        pages, _back = _walk(queryset, ("id",), rng.choice([1, 3, 20]))
        assert [f.pk for page in pages for f in page] == expected


def test_rows_added_while_walking_neither_repeat_nor_skip_the_rest(mixed):
    queryset = Facility.objects.published()
    first = seek_page(queryset, _params(page_size=5), order=("id",))
    before = [f.pk for f in first]
    FacilityFactory(lat=1)  # a new row: later in id order
    second = seek_page(queryset, _params(page_size=5, cursor=first.next_cursor), order=("id",))
    assert not set(before) & {f.pk for f in second}
    assert [f.pk for f in second] == list(queryset.filter(pk__gt=before[-1]).order_by("id").values_list("pk", flat=True)[:5])


def test_count_is_capped_and_a_single_page_needs_no_count_query(mixed, django_assert_num_queries):
    queryset = Facility.objects.published()
    total = queryset.count()
    assert count_capped(queryset, 10) == (10, False)
    assert count_capped(queryset, total) == (total, True)
    page = seek_page(queryset, _params(), order=("id",), count_cap=10)
    assert (page.count, page.count_exact, page.num_pages) == (10, False, None)
    third = queryset.order_by("id")[2].pk
    with django_assert_num_queries(1):  # the rows only: they are the whole answer
        small = seek_page(queryset.filter(pk__lte=third), _params(), order=("id",))
    assert (small.count, small.count_exact, small.has_other_pages) == (3, True, False)


def test_a_first_page_with_a_load_function_counts_in_its_lean_query(mixed, django_assert_num_queries):
    queryset = Facility.objects.published()
    total = queryset.count()

    def load(pks):
        return Facility.objects.filter(pk__in=pks)

    for cap, expected in ((total - 1, (total - 1, False)), (total, (total, True)), (total + 5, (total, True))):
        with django_assert_num_queries(2):  # the keys (and the count), then the rows: no COUNT query
            page = seek_page(queryset, _params(page_size=3), order=("id",), count_cap=cap, load=load)
        assert (page.count, page.count_exact) == expected
        assert [f.pk for f in page] == list(queryset.order_by("id").values_list("pk", flat=True)[:3])
        later = seek_page(queryset, _params(page_size=3, cursor=page.next_cursor), order=("id",), load=load)
        assert (later.count, later.count_exact) == expected  # carried by the cursor


def test_a_deep_page_by_cursor_is_one_query(mixed, django_assert_num_queries):
    queryset = Facility.objects.published()
    pages, _back = _walk(queryset, ("id",), 2)
    with django_assert_num_queries(1):  # the rows, whatever the depth: the cursor carries the count
        page = seek_page(queryset, _params(page_size=2, cursor=pages[-2].next_cursor), order=("id",))
    assert page.number == len(pages) and page.count == queryset.count()
    with django_assert_num_queries(2):  # a page by number: the rows and the capped count
        seek_page(queryset, _params(page_size=2, page=len(pages) - 1), order=("id",))


def test_a_load_function_finds_the_page_lean_and_loads_it_by_key(mixed, django_assert_num_queries):
    queryset = Facility.objects.published().filter(kind__in=["park", "canteen"])
    expected = list(queryset.order_by("-name", "id").values_list("pk", flat=True))

    def load(pks):
        return Facility.objects.filter(pk__in=pks).select_related("community__sub_district")

    seen, params = [], _params(page_size=4)
    while True:
        page = seek_page(queryset, params, order=("-name", "id"), load=load)
        seen += [f.pk for f in page]
        assert all(f.community.sub_district for f in page)  # loaded with its joins
        if not page.next_cursor:
            break
        params = _params(page_size=4, cursor=page.next_cursor)
    assert seen == expected


@pytest.mark.parametrize("cursor", ["x", "!!!", "e30", encode_cursor([1, 2], before=False, number=2),
                                    encode_cursor(["1"], before=False, number=0), "a" * 2000,
                                    encode_cursor([True], before=False, number=2)])
def test_bad_cursors_are_refused(cursor):
    with pytest.raises(BadPage) as info:
        decode_cursor(cursor, SeekOrder(("id",)))
    assert info.value.parameter == "cursor"


def test_page_past_the_end_on_a_page_for_people_is_the_last_page(mixed):
    queryset = Facility.objects.published()
    page = seek_page(queryset, _params(page=999, page_size=7), order=("id",))
    assert page.number == page.num_pages and not page.has_next and page.object_list


def test_links_keep_the_filters(mixed):
    queryset = Facility.objects.published()
    page = seek_page(queryset, QueryDict("kind=park&page_size=3&page=2"), order=("id",))
    nxt = parse_qs(urlparse(page.next_url).query)
    assert nxt["kind"] == ["park"] and nxt["page_size"] == ["3"] and "page" not in nxt and nxt["cursor"]
    assert parse_qs(urlparse(page.previous_url).query) == {"kind": ["park"], "page_size": ["3"]}


# -- the API ---------------------------------------------------------------------------------


def test_api_cursor_links_walk_the_facilities_list(api_client, mixed):
    expected = list(Facility.objects.published().order_by("id").values_list("pk", flat=True))
    body = api_client.get("/api/v1/facilities/", {"page_size": 4}).json()
    assert body["count"] == len(expected) and body["count_exact"] and body["page"] == 1
    assert "page=2" in body["next"] and body["next_cursor"]
    seen = [r["id"] for r in body["results"]]
    url = f"/api/v1/facilities/?page_size=4&cursor={body['next_cursor']}"
    while url:
        body = api_client.get(url).json()
        seen += [r["id"] for r in body["results"]]
        assert body["next"] is None or "cursor=" in body["next"]
        url = body["next"]
    assert seen == expected
    assert body["previous"] and "cursor=" in body["previous"]


def test_api_bad_cursor_is_a_400_naming_it(api_client, mixed):
    for url in ("/api/v1/facilities/", "/api/v1/canteens/", "/api/v1/projects/"):
        response = api_client.get(url, {"cursor": "garbage"})
        assert response.status_code == 400 and "cursor" in response.json()


def test_api_schema_describes_the_cursor(api_client):
    schema = api_client.get("/api/schema/?format=json").json()
    for path in ("/api/v1/facilities/", "/api/v1/canteens/", "/api/v1/projects/"):
        operation = schema["paths"][path]["get"]
        names = {p["name"] for p in operation["parameters"]}
        assert {"page", "page_size", "cursor"} <= names


# -- the pages for people (one shared template, core/_pagination.html) ---------------------


def _next_href(html: str) -> str | None:
    import html as htmllib
    import re

    found = re.search(r'<a href="([^"]*)" rel="next">', html)
    return htmllib.unescape(found.group(1)) if found else None


@pytest.mark.parametrize("path", ["/canteens/", "/projects/"])
def test_pages_walk_by_cursor_links(client, path):
    from tests.canteens.factories import CanteenFactory
    from tests.projects.factories import ProjectFactory

    if path == "/canteens/":
        items = [CanteenFactory().display_name for _ in range(7)]
    else:
        items = [ProjectFactory(year=2024, order=i).title for i in range(7)]
    html = client.get(path, {"page_size": 3}).content.decode()
    seen, number = [name for name in items if name in html], 1
    assert "rel=\"prev\"" not in html and "1 / 3" not in html
    while (href := _next_href(html)):
        assert "cursor=" in href and "page_size=3" in href
        html = client.get(path + href).content.decode()
        number += 1
        seen += [name for name in items if name in html]
        assert 'rel="prev"' in html
    assert number == 3 and sorted(seen) == sorted(items)


@pytest.mark.parametrize("path", ["/canteens/", "/charging/", "/parks/", "/projects/"])
def test_pages_refuse_a_made_up_cursor_with_a_400_that_says_why(client, path):
    response = client.get(path, {"cursor": "made-up"})
    assert response.status_code == 400
    assert 'role="alert"' in response.content.decode()


# -- query counts on the new paths: a deep page by cursor costs what page 1 costs --------------

LISTS = {
    "/api/v1/canteens/": "canteen", "/canteens/": "canteen",
    "/api/v1/charging-stations/": "station", "/charging/": "station",
    "/api/v1/parks/": "park", "/parks/": "park",
    "/api/v1/facilities/": "park",
    "/api/v1/projects/": "project", "/projects/": "project",
}


def _make(what: str, n: int) -> None:
    from tests.canteens.factories import full_canteen
    from tests.charging.factories import station_with_piles
    from tests.parks.factories import park_with
    from tests.projects.factories import ProjectFactory

    for i in range(n):
        {"canteen": full_canteen, "station": station_with_piles, "park": lambda: park_with("toilets"),
         "project": lambda i=i: ProjectFactory(year=2024, order=i)}[what]()


def _cursor_of(response) -> str:
    if response["Content-Type"].startswith("application/json"):
        return response.json()["next_cursor"]
    return parse_qs(urlparse(_next_href(response.content.decode())).query)["cursor"][0]


@pytest.mark.parametrize("path", list(LISTS))
def test_deep_page_by_cursor_has_the_query_count_of_page_one(client, path, django_assert_max_num_queries):
    _make(LISTS[path], 16)
    with django_assert_max_num_queries(12) as first:
        response = client.get(path, {"page_size": 3})
    assert response.status_code == 200
    for _ in range(3):  # pages 2, 3, 4
        with django_assert_max_num_queries(len(first.captured_queries)):
            response = client.get(path, {"page_size": 3, "cursor": _cursor_of(response)})
        assert response.status_code == 200
    _make(LISTS[path], 10)  # more rows change nothing
    with django_assert_max_num_queries(len(first.captured_queries)):
        response = client.get(path, {"page_size": 3, "cursor": _cursor_of(response)})
    assert response.status_code == 200
