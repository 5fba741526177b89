"""The filter forms' sub-district and community options are read once per process, language
and minute (apps.places.filters.ReferenceChoiceIterator, apps.places.reference; issue 21), cleared by a change of
either; what a request sends is looked up among the rows kept the same way, and in the database
when it is not among them."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from apps.places import reference
from apps.places.models import Community, SubDistrict
from tests.factories import CommunityFactory, SubDistrictFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def city():
    street = SubDistrictFactory(name="汉正街街道", name_en="Hanzhengjie Sub-district")
    return street, CommunityFactory(sub_district=street, name="万安巷社区", name_en="Wan'anxiang Community")


def _page(client, language="zh-hans", **params) -> tuple[str, list[str]]:
    tables = (Community._meta.db_table, SubDistrict._meta.db_table)
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/canteens/", params, HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code in (200, 400)
    reads = [q["sql"] for q in queries if q["sql"].lstrip().startswith("SELECT")
             and any(f'FROM "{table}"' in q["sql"] for table in tables)]
    return response.content.decode(), reads


def test_the_options_are_read_once_per_language(client, city):
    street, community = city
    body, reads = _page(client)
    assert f'<option value="{community.pk}">万安巷社区</option>' in body
    assert f'<option value="{street.pk}">汉正街街道</option>' in body
    assert len(reads) == 2  # sub-districts, communities
    body, reads = _page(client, open_now="true")
    assert "万安巷社区</option>" in body and reads == []
    body, reads = _page(client, "en")  # another language: its own labels
    assert "Wan&#x27;anxiang Community</option>" in body and len(reads) == 2


def test_a_change_of_a_community_or_sub_district_shows_at_once(client, city):
    street, community = city
    _page(client)
    community.name = "新万安巷社区"
    community.save()
    assert "新万安巷社区</option>" in _page(client)[0]
    added = SubDistrictFactory(name="宝丰街道")
    assert f'<option value="{added.pk}">宝丰街道</option>' in _page(client)[0]
    added.delete()
    assert "宝丰街道" not in _page(client)[0]


def test_the_options_are_read_again_after_a_minute(client, city, reference_clock):
    street, community = city
    _page(client)
    Community.objects.filter(pk=community.pk).update(name="另一个进程改的名字")  # no signal here
    # (another query each time: the page itself is cached by the minute)
    assert "万安巷社区</option>" in _page(client, open_now="true")[0]
    reference_clock["now"] += reference.KEEP_SECONDS
    assert "另一个进程改的名字</option>" in _page(client, open_now="false")[0]


def test_a_value_sent_is_checked_against_the_rows(client, api_client, city):
    street, community = city
    _page(client)
    gone = community.pk
    Community.objects.filter(pk=gone).delete()  # kept options still list it
    body, reads = _page(client, community=gone)
    assert 'role="alert"' in body and reads  # the value read from the database: not valid
    response = api_client.get("/api/v1/canteens/", {"community": gone})
    assert response.status_code == 400 and "community" in response.json()


def test_filter_forms_share_their_fields_and_never_fill_their_querysets(client, city):
    """The filter forms' fields are the form class's, not deep copies per request
    (apps.places.filters.SharedFields): each form has a dict of its own, and the shared
    sub-district and community fields' querysets are never evaluated in place (each read is a
    copy), so a renamed community still shows at once."""
    from apps.canteens.filters import CanteenFilter

    first, second = CanteenFilter({"meal": "lunch"}).form, CanteenFilter({}).form
    assert first.fields is not second.fields
    assert first.fields["street"] is second.fields["street"] is type(first).base_fields["street"]
    first.fields.pop("search")
    assert "search" in second.fields and "search" in type(first).base_fields
    street, community = city
    body, _reads = _page(client, street=street.pk)
    assert "万安巷社区</option>" in body
    for name in ("street", "community"):
        assert type(first).base_fields[name].queryset._result_cache is None
    Community.objects.filter(pk=community.pk).update(name="新名社区")
    reference.clear()
    body, _reads = _page(client)
    assert "新名社区</option>" in body and "万安巷社区</option>" not in body


def test_a_value_sent_is_read_from_the_rows_kept(client, api_client, city):
    street, community = city

    def row_reads(queries):  # (the list's own "community in the sub-district's" is no read of them)
        return [q["sql"] for q in queries
                if q["sql"].startswith(('SELECT "places_subdistrict".', 'SELECT "places_community".'))]

    _page(client, street=street.pk, community=community.pk)  # (the rows read and kept)
    for params in ({"street": street.pk}, {"community": community.pk}, {"street": street.pk, "community": community.pk}):
        with CaptureQueriesContext(connection) as queries:
            page = client.get("/canteens/", params)
            api = api_client.get("/api/v1/canteens/", params)
        assert page.status_code == api.status_code == 200, params
        assert 'role="alert"' not in page.content.decode() and row_reads(queries) == [], params


def test_a_value_added_since_is_read_at_once(api_client, city):
    """A sub-district or community another process added (no signal reaches this one) is not
    among the rows kept: it is read again, and the value is valid at once."""
    street, _community = city
    assert api_client.get("/api/v1/canteens/", {"street": street.pk}).status_code == 200
    [added] = SubDistrict.objects.bulk_create([SubDistrict(name="宝丰街道", name_en="Baofeng", code="BF-NEW")])
    [new_community] = Community.objects.bulk_create([
        Community(name="新社区", name_en="New Community", code="NC-NEW", sub_district=added, lat=30.58, lon=114.25)])
    for params in ({"street": added.pk}, {"community": new_community.pk}):
        response = api_client.get("/api/v1/canteens/", params)
        assert response.status_code == 200 and response.json()["results"] == [], params


@pytest.mark.parametrize("value", ["abc", "1.5", "-1", "99999999999999999999"])
def test_a_value_that_is_no_row_is_a_clear_error(api_client, city, value):
    for name in ("street", "community"):
        response = api_client.get("/api/v1/canteens/", {name: value})
        assert response.status_code == 400, (name, value)
        assert name in response.json()


def test_a_value_that_is_no_row_costs_one_lookup(api_client, city):
    """An unknown value is asked of the database by its id alone (as every value was before):
    the rows kept are not read again for it."""
    street, _community = city
    api_client.get("/api/v1/canteens/", {"street": street.pk})  # (the rows read and kept)
    with CaptureQueriesContext(connection) as queries:
        response = api_client.get("/api/v1/canteens/", {"street": 999_999})
    assert response.status_code == 400
    reads = [q["sql"] for q in queries if q["sql"].startswith('SELECT "places_subdistrict".')]
    assert len(reads) == 1 and '"places_subdistrict"."id" = 999999' in reads[0]
