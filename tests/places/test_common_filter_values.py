"""A list filter value found common (a meal most canteens serve) is remembered for a minute per
process (apps.places.filters.BitsFilter, issue 21): the next lists filtered by it do not ask
its table again, a rare value is still read from its own index every time, and the rows are
the same either way, also when a remembered value has become rare since."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from apps.canteens.models import MealService
from apps.places import filters
from tests.canteens.factories import MealServiceFactory

pytestmark = pytest.mark.django_db

SERVICES = MealService._meta.db_table


@pytest.fixture
def canteens(monkeypatch):
    monkeypatch.setattr("apps.places.models.RARE_MATCHES", 2)  # lunch (3 canteens) is common here
    lunch = [MealServiceFactory(meal="lunch") for _ in range(3)]
    breakfast = MealServiceFactory(meal="breakfast", canteen=lunch[0].canteen)
    return lunch, breakfast


def _list(api_client, meal: str, page_size: int):
    # (another page size each time: the list itself is cached by the minute)
    with CaptureQueriesContext(connection) as queries:
        response = api_client.get("/api/v1/canteens/", {"meal": meal, "page_size": page_size})
    assert response.status_code == 200
    # the meal's own rows asked by the filter (not the page's meal services, read by canteen)
    asked = [q["sql"] for q in queries if f'FROM "{SERVICES}"' in q["sql"] and f'"{SERVICES}"."meal" = ' in q["sql"]]
    return sorted(row["id"] for row in response.json()["results"]), asked


def test_a_common_value_is_asked_once_a_minute(api_client, canteens, monkeypatch):
    lunch, _breakfast = canteens
    clock = {"now": 1000.0}
    monkeypatch.setattr(filters.time, "monotonic", lambda: clock["now"])
    expected = sorted(s.canteen_id for s in lunch)
    rows, asked = _list(api_client, "lunch", 20)
    assert rows == expected and len(asked) == 1  # "is there a row after the first 2?"
    rows, asked = _list(api_client, "lunch", 21)
    assert rows == expected and asked == []
    clock["now"] += filters.COMMON_SECONDS
    rows, asked = _list(api_client, "lunch", 22)
    assert rows == expected and len(asked) == 1


def test_a_rare_value_is_read_from_its_index_every_time(api_client, canteens):
    _lunch, breakfast = canteens
    for size in (20, 21):
        rows, asked = _list(api_client, "breakfast", size)
        assert rows == [breakfast.canteen_id] and asked  # its canteens read by the meal's index


def test_a_value_remembered_as_common_that_became_rare_gives_the_same_rows(api_client, canteens):
    lunch, _breakfast = canteens
    _list(api_client, "lunch", 20)
    for service in lunch[1:]:
        service.delete()
    rows, asked = _list(api_client, "lunch", 21)
    assert rows == [lunch[0].canteen_id] and asked == []  # from the filter bits alone
    rows, _asked = _list(api_client, "lunch,breakfast", 22)  # both: the one canteen serving both
    assert rows == [lunch[0].canteen_id]
