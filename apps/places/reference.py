"""Sub-districts and communities as each process keeps them (issue 21).

They are reference data: ~110 rows, changed a few times a year, that every list reads, in its
filter form's options (apps.places.filters.ReferenceChoiceIterator) and in each row's
community and sub-district names (:func:`communities`). Read once per process for a minute at
most: a save or delete of either clears what is kept in its own process at once (connected in
PlacesConfig.ready), in the others within the minute, as the pages and list APIs are cached by
the minute anyway. A filter's value is looked up among the rows kept too (:func:`row`), and in
the database when it is not there."""

import time
from collections.abc import Callable, Iterable

KEEP_SECONDS = 60
_kept: dict = {}  # key -> (monotonic time it expires, value)


def kept(key, read: Callable):
    """``read()``'s value, read again when it is older than ``KEEP_SECONDS`` or was cleared."""
    now = time.monotonic()
    entry = _kept.get(key)
    if entry is None or entry[0] <= now:
        entry = _kept[key] = (now + KEEP_SECONDS, read())
    return entry[1]


def clear(**kwargs) -> None:
    """Forget everything kept (a signal receiver: a sub-district or community changed)."""
    _kept.clear()


def _read_communities() -> dict:
    from .models import Community

    # the boundary (a polygon, up to kilobytes) is no list's business: read only if asked for
    return {c.pk: c for c in Community.objects.select_related("sub_district").defer("boundary")}


def communities(ids: Iterable[int]) -> dict:
    """The communities by id, each with its sub-district (``community.sub_district`` without a
    query), including ``ids``: read again at once when one of them is new to this process.
    The instances are shared by every request of the process: read them, never change them."""
    by_id = kept("communities", _read_communities)
    if not by_id.keys() >= set(ids):
        _kept.pop("communities", None)
        by_id = kept("communities", _read_communities)
    return by_id


def attach_communities(rows: list) -> list:
    """Sets each facility row's ``community`` (with its sub-district) from :func:`communities`,
    as ``select_related("community__sub_district")`` would, without joining them per row: a
    list's rows then read two tables fewer (0.2 ms of a 20-row page on SQLite, 0.4-0.9 ms on
    PostgreSQL at 1M facilities; bench/lists.py). A row whose community is still unknown keeps
    Django's lazy read."""
    by_id = communities(row.community_id for row in rows)
    for row in rows:
        community = by_id.get(row.community_id)
        if community is not None:
            row._state.fields_cache["community"] = community
    return rows


def row(queryset, pk):
    """The row of ``queryset`` (a whole table's: ``SubDistrict.objects.all()`` and the like)
    whose pk is ``pk``, or None: from the rows kept per model; when ``pk`` is not among them,
    from the database (one query, what every lookup cost before; a row found there was added
    since, and the rows are read again next time). Shared by every request: read it, never
    change it."""
    model = queryset.model
    found = kept(("rows", model), lambda: {obj.pk: obj for obj in queryset.all()}).get(pk)
    if found is None:
        found = queryset.filter(pk=pk).first()
        if found is not None:
            _kept.pop(("rows", model), None)
    return found
