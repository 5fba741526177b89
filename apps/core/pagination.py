"""Pagination for every list of the portal, in one place.

Two kinds of list live here:

- :class:`PortalPagination`: DRF's page numbers, made strict (small lists: notices,
  communities, housing-swap rounds...).
- **Seek lists** (issue 21) for the lists that grow with the city (every facility kind, all
  facilities, projects, reports): a 20-row page is read with ``ORDER BY <key> LIMIT 21``
  from an index, never with a full ``COUNT(*)``:

  * the total is counted only up to :data:`COUNT_CAP` rows; past it the list says "more than
    200" (``count_exact`` false). A first page found by a lean query (``load``) counts in
    that query (it reads up to ``cap + 1`` keys and loads the first 21); otherwise ``SELECT
    COUNT(*) FROM (... LIMIT cap + 1)``. A first page that is the whole answer needs no
    count, and a cursor carries the count of the page it came from, so later pages count
    nothing;
  * besides ``page=N`` (kept for compatibility: an ``OFFSET``), each page carries opaque
    ``cursor`` links ("the rows after this one in the list's order"): following ``next``
    from a cursor is as cheap on page 1,000 as on page 1 and stable while rows are added;
  * the page number travels inside the cursor, so pages still say "page 7".

A list declares its order once, a total order ending in a unique field, e.g.
``("-year", "order", "code")`` or ``("id",)``: :func:`seek_page` for pages (with the shared
``core/_pagination.html``), :class:`SeekPagination` for DRF list views (set ``seek_order`` on
the view, or use the default ``("pk",)``).
"""

from __future__ import annotations

import base64
import binascii
import json
import re
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.db.models import Q, QuerySet
from django.db.models.lookups import Exact, GreaterThan, LessThan
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.pagination import BasePagination, PageNumberPagination
from rest_framework.response import Response
from rest_framework.utils.urls import remove_query_param, replace_query_param

_WHOLE_NUMBER = re.compile(r"[0-9]+")

PAGE_SIZE = 20
MAX_PAGE_SIZE = 100
# Totals are counted exactly up to this many rows (ten pages); past it a list says "more
# than 200" (a facility kind's list: up to 40, apps.places.pages.LIST_COUNT_CAP). Counting reads up to this many matches, each through whatever the filters cost
# (an index entry for a sub-district; index probes per row for "open now" or a connector
# type): at 10,000 the count alone took 17-170 ms at 1M facilities (bench/lists.py), at
# 1,000 still 17-22 ms at 100k for "open now" + a meal or a connector, at 200 a fifth.
COUNT_CAP = 200
MAX_CURSOR_LENGTH = 1000


def _whole_number(raw: str, parameter: str) -> int:
    if not _WHOLE_NUMBER.fullmatch(raw) or int(raw) < 1:
        raise ValidationError({parameter: [_("Enter a whole number of at least 1.")]})
    return int(raw)


class PortalPagination(PageNumberPagination):
    """``{"count", "next", "previous", "results"}`` with ``page`` and ``page_size`` (max 100).

    Strict, so the API does what its schema says: ``page``/``page_size`` that are not whole
    numbers of at least 1 are a 400 naming the parameter (DRF would silently ignore them); a
    ``page_size`` over 100 is capped at 100; a page past the end is a 404."""

    page_size = PAGE_SIZE
    page_size_query_param = "page_size"
    max_page_size = MAX_PAGE_SIZE
    page_size_query_description = gettext_lazy("Number of results per page, 1-100 (larger values are capped at 100).")

    def get_page_size(self, request):
        raw = request.query_params.get(self.page_size_query_param)
        if raw is None:
            return self.page_size
        return min(_whole_number(raw, self.page_size_query_param), self.max_page_size)

    def get_page_number(self, request, paginator):
        raw = request.query_params.get(self.page_query_param)
        if raw is None:
            return 1
        if raw in self.last_page_strings:
            return paginator.num_pages
        return _whole_number(raw, self.page_query_param)

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            parameter["schema"]["minimum"] = 1
        return parameters


# -- seek lists ----------------------------------------------------------------------------


class BadPage(Exception):
    """A ``page``, ``page_size`` or ``cursor`` that cannot be read: ``parameter`` names it."""

    def __init__(self, parameter: str, message: str):
        super().__init__(message)
        self.parameter = parameter
        self.message = message


class PastTheEnd(Exception):
    """``page=N`` beyond the last page."""


def _cursor_error() -> BadPage:
    return BadPage("cursor", _("This page link is not valid (any more); start again from the first page."))


@dataclass(frozen=True)
class SeekOrder:
    """A total order of a list: field names, ``-`` for descending, the last one unique.
    ``columns`` may give a field's SQL expression instead of its name (see
    :func:`apps.places.pages.facility_id`: the shared table's id for a kind's rows)."""

    fields: tuple[str, ...]
    columns: dict = field(default_factory=dict, compare=False, hash=False)

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(f.lstrip("-") for f in self.fields)

    def order_by(self, *, reverse: bool = False) -> list:
        out = []
        for spec in self.fields:
            descending = spec.startswith("-") != reverse
            name = spec.lstrip("-")
            column = self.columns.get(name)
            if column is not None:
                out.append(column.desc() if descending else column.asc())
            else:
                out.append(f"-{name}" if descending else name)
        return out

    def _compare(self, name: str, lookup: str, value) -> Q:
        column = self.columns.get(name)
        if column is None:
            return Q(**{f"{name}__{lookup}": value})
        return Q({"gt": GreaterThan, "lt": LessThan, "exact": Exact}[lookup](column, value))

    def key(self, obj) -> list:
        values = []
        for name in self.names:
            value = getattr(obj, "pk" if name == "pk" else name)
            if not isinstance(value, (int, float, str)) or isinstance(value, bool):
                raise TypeError(f"seek order field {name!r} must be a number or str, not {type(value).__name__}")
            values.append(value)
        return values

    def beyond(self, values: list, *, reverse: bool = False) -> Q:
        """Rows strictly after ``values`` in this order (before them with ``reverse``)."""
        condition = Q(pk__in=[])
        for i, spec in enumerate(self.fields):
            descending = spec.startswith("-") != reverse
            step = self._compare(self.names[i], "lt" if descending else "gt", values[i])
            for j in range(i):
                step &= self._compare(self.names[j], "exact", values[j])
            condition |= step
        return condition


def encode_cursor(values: list, *, before: bool, number: int, count: tuple[int, bool] | None = None) -> str:
    data = {"v": values, "n": number, **({"b": 1} if before else {})}
    if count is not None:
        data["c"], data["x"] = count[0], int(count[1])
    raw = json.dumps(data, separators=(",", ":"), ensure_ascii=False).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(text: str, order: SeekOrder) -> tuple[list, bool, int, tuple[int, bool] | None]:
    """``(key values, before, page number, (count, exact) or None)``; a :class:`BadPage` for
    anything not made by :func:`encode_cursor` for this order."""
    if len(text) > MAX_CURSOR_LENGTH:
        raise _cursor_error()
    try:
        data = json.loads(base64.urlsafe_b64decode(text + "=" * (-len(text) % 4)))
    except (binascii.Error, ValueError, UnicodeDecodeError):
        raise _cursor_error() from None
    if not isinstance(data, dict):
        raise _cursor_error()
    values, number, before = data.get("v"), data.get("n"), data.get("b", 0)
    if (
        not isinstance(values, list) or len(values) != len(order.fields)
        or not all(isinstance(v, (int, float, str)) and not isinstance(v, bool) for v in values)
        or not isinstance(number, int) or isinstance(number, bool) or not 1 <= number <= 10**9
        or before not in (0, 1)
    ):
        raise _cursor_error()
    count, exact = data.get("c"), data.get("x")
    if count is None:
        return values, bool(before), number, None
    if not isinstance(count, int) or isinstance(count, bool) or not 0 <= count <= 10**9 or exact not in (0, 1):
        raise _cursor_error()
    return values, bool(before), number, (count, bool(exact))


def _as_order(order) -> SeekOrder:
    return order if isinstance(order, SeekOrder) else SeekOrder(tuple(order))


def count_capped(queryset: QuerySet, cap: int = COUNT_CAP) -> tuple[int, bool]:
    """``(count, exact)``: the exact number of rows when at most ``cap``, else ``(cap, False)``.
    Reads at most ``cap + 1`` rows (from an index when the filters allow)."""
    found = queryset.order_by()[: cap + 1].count()
    return (found, True) if found <= cap else (cap, False)


@dataclass
class SeekPage:
    """One page of a seek list. ``number`` is the page's position (1 = first); ``count`` the
    total when ``count_exact``, else a lower bound ("more than ``count``")."""

    object_list: list
    number: int
    page_size: int
    count: int
    count_exact: bool
    has_next: bool
    has_previous: bool
    next_cursor: str | None = None
    previous_cursor: str | None = None
    by_cursor: bool = False
    query: dict = field(default_factory=dict)  # the request's other parameters, for links

    def __iter__(self):
        return iter(self.object_list)

    def __len__(self) -> int:
        return len(self.object_list)

    @property
    def num_pages(self) -> int | None:
        if not self.count_exact:
            return None
        return max(1, -(-self.count // self.page_size))

    @property
    def has_other_pages(self) -> bool:
        return self.has_next or self.has_previous

    def _link(self, **params) -> str:
        query = {k: v for k, v in self.query.items() if k not in ("page", "cursor")}
        query.update({k: v for k, v in params.items() if v is not None})
        return "?" + urlencode(query, doseq=True) if query else "?"

    @property
    def next_url(self) -> str | None:
        """``?…&cursor=…``: the rows after this page (stable while rows are added)."""
        return self._link(cursor=self.next_cursor) if self.next_cursor else None

    @property
    def previous_url(self) -> str | None:
        if not self.has_previous:
            return None
        if self.number <= 2 or not self.previous_cursor:
            return self._link()  # the first page is the list itself
        return self._link(cursor=self.previous_cursor)


def _page_size(raw: str | None, *, strict: bool, default: int) -> int:
    if raw is None:
        return default
    if not _WHOLE_NUMBER.fullmatch(raw) or int(raw) < 1:
        if strict:
            raise BadPage("page_size", _("Enter a whole number of at least 1."))
        return default
    return min(int(raw), MAX_PAGE_SIZE)


def _page_number(raw: str | None, *, strict: bool) -> int:
    if raw is None:
        return 1
    if not _WHOLE_NUMBER.fullmatch(raw) or int(raw) < 1:
        if strict:
            raise BadPage("page", _("Enter a whole number of at least 1."))
        return 1
    return int(raw)


def _rows(queryset: QuerySet, order: SeekOrder, *, reverse: bool, start: int, stop: int, load,
          count_to: int = 0) -> tuple[list, int | None]:
    """The rows ``start:stop`` in ``order``, and how many rows the list has from ``start`` on,
    up to ``count_to`` (None when not counted). With ``load`` (pks -> the rows with their
    joins and prefetches) the page is found by a lean query first (the filters, the order and
    the limit, nothing joined for display), then loaded by primary key: the display joins
    cannot steer the database away from reading the list's index in order. The lean query
    reads up to ``count_to`` keys when asked: the page and its capped count in one query."""
    ordered = queryset.order_by(*order.order_by(reverse=reverse))
    if load is None:
        return list(ordered[start:stop]), None
    lean = ordered.select_related(None).prefetch_related(None)
    pks = list(lean.values_list("pk", flat=True)[start:max(stop, start + count_to)])
    counted = len(pks) if count_to else None
    pks = pks[: stop - start]
    if not pks:
        return [], counted
    found = {row.pk: row for row in load(pks)}
    return [found[pk] for pk in pks if pk in found], counted


def seek_page(queryset: QuerySet, params, *, order, page_size: int = PAGE_SIZE, strict: bool = False,
              count_cap: int = COUNT_CAP, load=None) -> SeekPage:
    """One page of ``queryset`` in ``order`` (a :class:`SeekOrder` or a tuple of field names)
    for the request's ``params`` (a QueryDict): ``cursor`` (wins), else ``page`` (an offset,
    for compatibility), and ``page_size`` (at most 100). Two queries (the rows, then the
    capped count; only the rows for a first page that holds the whole answer), plus the
    queryset's prefetches.

    ``load``: ``pks -> queryset`` of the rows with what they show (joins, prefetches); the
    page is then found by a lean query and loaded by key (one query more, steadier plans).

    ``strict`` (the API): a bad ``page``/``page_size``/``cursor`` raises :class:`BadPage` and a
    page past the end :class:`PastTheEnd`; otherwise (pages for people) a bad number means the
    first page and a page past the end the last one. A bad cursor is always a
    :class:`BadPage`: a link the list did not make cannot be guessed."""
    order = _as_order(order)
    size = _page_size(params.get("page_size"), strict=strict, default=page_size)
    query = {k: params.getlist(k) for k in params} if hasattr(params, "getlist") else dict(params)
    cursor = params.get("cursor")
    if cursor:
        values, before, number, counted = decode_cursor(cursor, order)
        looked = None
        rows, _ = _rows(queryset.filter(order.beyond(values, reverse=before)), order, reverse=before,
                        start=0, stop=size + 1, load=load)
        more = len(rows) > size
        rows = rows[:size]
        if before:
            rows.reverse()
            has_next, has_previous = True, more
            if not more:
                number = 1
        else:
            has_next, has_previous = more, number > 1
        page = SeekPage(rows, number, size, 0, True, has_next, has_previous, by_cursor=True, query=query)
    else:
        counted = None
        number = _page_number(params.get("page"), strict=strict)
        start = (number - 1) * size
        # a first page counts in its own lean query (up to the cap); deeper pages by number
        # count apart (an OFFSET: kept for compatibility, cursors are the fast path)
        rows, looked = _rows(queryset, order, reverse=False, start=start, stop=start + size + 1, load=load,
                             count_to=count_cap + 1 if number == 1 else 0)
        if not rows and number > 1:
            if strict:
                raise PastTheEnd
            count, _exact = count_capped(queryset, count_cap)
            last = max(1, -(-count // size))
            return seek_page(queryset, _with(params, page=str(last)), order=order, page_size=page_size,
                             strict=strict, count_cap=count_cap, load=load)
        more = len(rows) > size
        rows = rows[:size]
        page = SeekPage(rows, number, size, 0, True, more, number > 1, query=query)
    if not page.by_cursor and page.number == 1 and not page.has_next:
        page.count, page.count_exact = len(rows), True
    elif not page.by_cursor and looked is not None:  # the first page's lean query counted
        page.count, page.count_exact = (looked, True) if looked <= count_cap else (count_cap, False)
    elif counted is not None:  # counted for the page the cursor came from
        page.count, page.count_exact = counted
    else:
        page.count, page.count_exact = count_capped(queryset, count_cap)
    counted = (page.count, page.count_exact)
    if rows and page.has_next:
        page.next_cursor = encode_cursor(order.key(rows[-1]), before=False, number=page.number + 1, count=counted)
    if rows and page.has_previous and page.number > 1:
        page.previous_cursor = encode_cursor(order.key(rows[0]), before=True, number=page.number - 1, count=counted)
    return page


def _with(params, **changes):
    copy = params.copy()
    for key, value in changes.items():
        copy[key] = value
    return copy


class SeekPagination(BasePagination):
    """DRF pagination for the lists that grow with the city (see the module's docstring). The
    body keeps ``{"count", "next", "previous", "results"}`` and ``page``/``page_size`` and adds
    ``count_exact``, ``page``, ``next_cursor`` and ``previous_cursor``. ``next``/``previous``
    are page-number links when the request used ``page`` (as before) and cursor links when it
    used ``cursor``. The view's ``seek_order`` (default ``("pk",)``) is the list's order; its
    optional ``seek_load(pks)`` loads a page's rows for display (see :func:`seek_page`)."""

    page_size = PAGE_SIZE
    count_cap = COUNT_CAP
    default_order = ("pk",)

    def paginate_queryset(self, queryset, request, view=None):
        order = getattr(view, "seek_order", None) or self.default_order
        load = getattr(view, "seek_load", None)
        self.request = request
        try:
            self.page = seek_page(queryset, request.query_params, order=order, page_size=self.page_size,
                                  strict=True, count_cap=self.count_cap, load=load)
        except BadPage as bad:
            raise ValidationError({bad.parameter: [bad.message]}) from None
        except PastTheEnd:
            raise NotFound(_("Invalid page.")) from None
        return self.page.object_list

    def _links(self):
        page, url = self.page, self.request.build_absolute_uri()
        url = remove_query_param(url, "cursor")
        if page.by_cursor:
            url = remove_query_param(url, "page")
            nxt = replace_query_param(url, "cursor", page.next_cursor) if page.next_cursor else None
            if not page.has_previous:
                prev = None
            elif page.previous_cursor and page.number > 2:
                prev = replace_query_param(url, "cursor", page.previous_cursor)
            else:
                prev = url
            return nxt, prev
        nxt = replace_query_param(url, "page", page.number + 1) if page.has_next else None
        if not page.has_previous:
            prev = None
        elif page.number == 2:
            prev = remove_query_param(url, "page")
        else:
            prev = replace_query_param(url, "page", page.number - 1)
        return nxt, prev

    def get_paginated_response(self, data):
        nxt, prev = self._links()
        page = self.page
        return Response({
            "count": page.count,
            "count_exact": page.count_exact,
            "page": page.number,
            "next": nxt,
            "previous": prev,
            "next_cursor": page.next_cursor,
            "previous_cursor": page.previous_cursor,
            "results": data,
        })

    def get_paginated_response_schema(self, schema):
        return {
            "type": "object",
            "required": ["count", "results"],
            "properties": {
                "count": {
                    "type": "integer", "example": 123,
                    "description": f"How many match: exact up to {self.count_cap:,}; when `count_exact` is false, "
                                   "more than this many match.",
                },
                "count_exact": {"type": "boolean", "description": "false: `count` is a lower bound."},
                "page": {"type": "integer", "minimum": 1, "description": "This page's number."},
                "next": {"type": "string", "nullable": True, "format": "uri"},
                "previous": {"type": "string", "nullable": True, "format": "uri"},
                "next_cursor": {
                    "type": "string", "nullable": True,
                    "description": "Pass as `cursor` for the rows after this page (as fast on page 1,000 as on "
                                   "page 1, and stable while rows are added).",
                },
                "previous_cursor": {"type": "string", "nullable": True,
                                    "description": "Pass as `cursor` for the rows before this page."},
                "results": schema,
            },
        }

    def get_schema_operation_parameters(self, view):
        return [
            {"name": "page", "required": False, "in": "query",
             "description": str(_("A page number within the paginated result set.")),
             "schema": {"type": "integer", "minimum": 1}},
            {"name": "page_size", "required": False, "in": "query",
             "description": str(PortalPagination.page_size_query_description),
             "schema": {"type": "integer", "minimum": 1}},
            {"name": "cursor", "required": False, "in": "query",
             "description": "`next_cursor` or `previous_cursor` of a page: the rows after (before) it. "
                            "Takes precedence over `page`.",
             "schema": {"type": "string"}},
        ]
