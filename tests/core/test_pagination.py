"""PortalPagination does what the schema says: whole numbers of at least 1, page_size capped
at 100, a 400 naming the parameter otherwise."""

import pytest
from django.test import RequestFactory
from hypothesis import given
from hypothesis import strategies as st
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.request import Request

from apps.core.pagination import PortalPagination

ITEMS = list(range(250))


def paginate(query: str):
    request = Request(RequestFactory().get(f"/api/v1/x/?{query}"))
    paginator = PortalPagination()
    return paginator, paginator.paginate_queryset(ITEMS, request)


def test_defaults_and_cap():
    paginator, page = paginate("")
    assert page == ITEMS[:20]
    assert paginate("page_size=1000")[1] == ITEMS[:100]
    assert paginate("page=3&page_size=100")[1] == ITEMS[200:250]
    assert paginate("page=last&page_size=100")[1] == ITEMS[200:250]


@pytest.mark.parametrize("query", ["page_size=0", "page_size=-5", "page_size=abc", "page_size=", "page_size=1.5",
                                   "page_size=²", "page=0", "page=", "page=-1", "page=1e3"])
def test_invalid_values_are_a_400_naming_the_parameter(query):
    with pytest.raises(ValidationError) as info:
        paginate(query)
    assert query.split("=")[0] in info.value.detail


def test_page_past_the_end_is_404():
    with pytest.raises(NotFound):
        paginate("page=99")


@given(st.text(max_size=12))
def test_any_page_size_text_is_valid_or_a_400(text):
    from urllib.parse import urlencode

    try:
        _, page = paginate(urlencode({"page_size": text}))
    except ValidationError:
        return
    assert 1 <= len(page) <= 100


def test_schema_documents_minimum_one():
    parameters = {p["name"]: p for p in PortalPagination().get_schema_operation_parameters(view=None)}
    assert parameters["page"]["schema"]["minimum"] == 1
    assert parameters["page_size"]["schema"]["minimum"] == 1
