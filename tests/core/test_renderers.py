"""apps.core.renderers.FastJSONRenderer writes what DRF's JSONRenderer writes, byte for byte:
for random data of every type an API response holds, for the lists' real responses, and where
it hands over to DRF (indentation, what orjson refuses)."""

import datetime
import json
import uuid
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils.functional import lazy
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rest_framework.renderers import JSONRenderer

from apps.core.renderers import FastJSONRenderer
from apps.places.generation import generate_facilities
from apps.places.registry import kind_info, registered_kinds
from tests.factories import CommunityFactory

fast, drf = FastJSONRenderer(), JSONRenderer()
lazy_text = lazy(str, str)

scalars = st.one_of(
    st.none(), st.booleans(), st.integers(min_value=-(2**63), max_value=2**63 - 1),
    st.floats(allow_nan=False, allow_infinity=False), st.text(),
    st.sampled_from(["食堂\u2028", "a\u2029b", "\u2028\u2029", "</script>", "\x00\x1f"]),
    st.decimals(allow_nan=False, allow_infinity=False, places=3, min_value=-10**6, max_value=10**6),
    st.dates(), st.times(), st.timedeltas(),
    st.datetimes(timezones=st.sampled_from([None, datetime.UTC, ZoneInfo("Asia/Shanghai")])),
    st.uuids(), st.text(max_size=5).map(lazy_text),
)
keys = st.one_of(st.text(max_size=8), st.integers(min_value=-1000, max_value=1000))
values = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=4) | st.tuples(inner, inner) | st.dictionaries(keys, inner, max_size=4),
    max_leaves=25,
)


def _same(data, **context):
    assert fast.render(data, **context) == drf.render(data, **context)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(values)
def test_same_bytes_as_drf_for_random_data(data):
    mine, theirs = fast.render(data), drf.render(data)
    if mine != theirs:
        # the one spelling that may differ: a float's exponent (1e+16 / 1e16), same number
        assert json.loads(mine) == json.loads(theirs)
        assert b"e" in theirs.lower()


def test_examples_the_api_writes():
    _same({
        "id": 7, "name": "幸福食堂", "lat": 30.581744, "lon": 114.2743133, "price": Decimal("12.50"),
        "max_power_kw": Decimal("120.0"), "open_now": None, "last_verified": datetime.date(2026, 12, 7),
        "reported": datetime.datetime(2026, 12, 7, 1, 2, 3, 456789, tzinfo=datetime.UTC),
        "local": datetime.datetime(2026, 12, 7, 9, 2, 3, tzinfo=ZoneInfo("Asia/Shanghai")),
        "opens": datetime.time(7, 30), "label": lazy_text("早餐"), "token": uuid.UUID(int=5),
        "by_id": {1: "a", 2: ["b", ("c", "d")]}, "line": "one\u2028two\u2029three", "empty": [],
    })


def test_indented_and_refused_data_go_through_drf():
    data = {"a": [1, {"b": "食堂"}], "huge": 2**70}
    _same(data)  # an integer beyond 64 bits: DRF's path
    _same({"a": [1, 2]}, accepted_media_type="application/json; indent=4")
    _same({"a": [1, 2]}, renderer_context={"indent": 2})
    assert fast.render(None) == drf.render(None) == b""


def test_nan_is_null_where_drf_raises():
    assert fast.render({"x": float("nan")}) == b'{"x":null}'
    with pytest.raises(ValueError):
        drf.render({"x": float("nan")})


@pytest.mark.django_db
def test_api_responses_are_drf_s_bytes(client):
    CommunityFactory(lat=30.60, lon=114.24)
    generate_facilities(count=60, seed=5)
    urls = [reverse(kind_info(kind).api_detail_url_name.replace("-detail", "-list"))
            for kind in registered_kinds() if kind_info(kind).api_detail_url_name]
    urls += ["/api/v1/nearby/?lat=30.60&lon=114.24&radius=20000&limit=100", "/api/v1/facilities/?page_size=100",
             "/api/v1/facilities.geojson"]
    assert len(urls) >= 10
    for url in urls:
        for language in ("zh-hans", "en"):
            response = client.get(url, HTTP_ACCEPT_LANGUAGE=language)
            assert response.status_code == 200, url
            body = json.loads(response.content)
            assert body.get("results") or body.get("features"), url
            assert response.content == drf.render(body), url
