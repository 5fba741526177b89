"""Filter bits (issue 21): a kind's fixed list filters ("has toilets", "pocket park", "serves
lunch", "a CCS2 connector", "home delivery") as bits of ``Facility.filter_bits``, a column of
the lists' indexes.

A list reads its index in id order and stops after a page, checking each row's filters on the
way. A filter on the kind's own row or on its related rows cost one or more index searches per
row read; a combination few facilities match ("riverside parks with toilets and parking that
are open now", or none at all) read every facility of the kind that way: 30-80 ms at 1M
facilities on SQLite. As bits of the row's index entry the same checks cost nothing more than
reading the entry: the list's scan never leaves its index until a row matches.

A kind declares its bits once, in its ``models.py``, as ``FILTER_BITS = FilterBits(model,
groups, sources)``: each group (named after the list filter that reads it) maps its values to a
condition on the kind's model (``{"toilets": Q(amenities__amenity="toilets"), ...}``); the
``sources`` are the related models whose rows change them (``{Amenity: "park_id"}``: the
attribute path from a row to the facility's id). Registering it (``apps.places.kind_app``)
connects the signals that keep the bits right: a save of the kind's row or of its facility, a
save or a delete of a source row. Writes that bypass signals (``generate_facilities``' bulk
inserts) call :func:`refresh` themselves.

Bits are numbered in declaration order: a change to a kind's groups needs a data migration of
the kind's app that recomputes them (``operations = [filter_bits.refresh_migration(KIND)]``).
What changes on its own (live status, opening hours) is never a bit: those filters stay per-row
probes.

A combination few facilities have (no riverside park has seating, parking and is a pocket park)
still cost the list's scan every entry of the kind's index, checking the bits of each, and its
capped count as many: 18-21 ms at 1M facilities. So a list's bit filters together are first
checked against the bit values the kind's facilities have, with how many have each
(:func:`values_present`, kept per process for a minute): none has them, the list is empty
without reading it; up to :data:`RARE_MATCHES` facilities have them, the ids of those in the
list's sub-district or community (if it has one) are read from the ``(kind, filter_bits,
community)`` index (:func:`ids_having`) and the list reads those rows only
(``apps.places.filters.FacilityFilterSet``, by :class:`apps.core.expressions.IntegersIn`);
more, the list reads its index as before."""

from __future__ import annotations

import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from django.db import DEFAULT_DB_ALIAS, connections, migrations, models, transaction
from django.db.models import Case, Exists, F, OuterRef, Q, Value, When
from django.db.models.signals import post_delete, post_save

from apps.core.expressions import IntegersIn

from .models import Community, Facility, FacilityStatus

# a BigIntegerField: 63 bits, the sign bit left alone
MAX_BITS = 63
# Up to this many facilities having a list's bit filters, the list reads them by id. Each id
# read costs the list ~4.5 us (its row, its kind's row, its open state; 1,356 eldercare sites:
# 12 ms, where reading the kind's index took 6.5 ms), so more are left to the index (bench/lists.py
# at 1M on SQLite: 162 parks 7.5 ms by id against 21 ms; 692 parks of a sub-district 11.5
# against 17 ms).
RARE_MATCHES = 1000


@dataclass(frozen=True)
class FilterBits:
    model: type[models.Model]
    groups: Mapping[str, Mapping[object, Q]]
    sources: Mapping[type[models.Model], str] = field(default_factory=dict)

    def __post_init__(self):
        if len(self.bits()) > MAX_BITS:
            raise ValueError(f"{self.model.__name__}: more than {MAX_BITS} filter bits")

    def bits(self) -> list[tuple[str, object, int, Q]]:
        """(group, value, bit, condition) of every bit, in declaration order."""
        out = []
        for group, values in self.groups.items():
            for value, condition in values.items():
                out.append((group, value, 1 << len(out), condition))
        return out

    def mask(self, group: str, values: Iterable) -> int:
        wanted = set(values)
        found = {value: bit for g, value, bit, _ in self.bits() if g == group and value in wanted}
        if set(found) != wanted:
            raise KeyError(f"{self.model.__name__}: no filter bit {group}={sorted(wanted - set(found), key=str)}")
        mask = 0
        for bit in found.values():
            mask |= bit
        return mask


_BY_MODEL: dict[type[models.Model], FilterBits] = {}
_BY_KIND: dict[str, FilterBits] = {}
_KIND_OF_MODEL: dict[type[models.Model], str] = {}


def register(kind: str, spec: FilterBits) -> None:
    """Keeps the bits of ``kind`` (``spec``) right from now on (see the module's docstring)."""
    _BY_MODEL[spec.model] = _BY_KIND[kind] = spec
    _KIND_OF_MODEL[spec.model] = kind
    uid = f"filter_bits:{spec.model._meta.label}"
    post_save.connect(_kind_saved, sender=spec.model, weak=False, dispatch_uid=uid)
    post_save.connect(_facility_saved, sender=Facility, weak=False, dispatch_uid="filter_bits:facility")
    for source, path in spec.sources.items():
        handler = _source_changed(spec, path)
        post_save.connect(handler, sender=source, weak=False, dispatch_uid=f"{uid}:{source._meta.label}:save")
        post_delete.connect(handler, sender=source, weak=False, dispatch_uid=f"{uid}:{source._meta.label}:delete")


def spec_for(model) -> FilterBits:
    return _BY_MODEL[model]


def kind_of(model) -> str | None:
    """The kind whose bits ``model`` (a kind's model) has; None for a model without."""
    return _KIND_OF_MODEL.get(model)


def spec_of_kind(kind: str) -> FilterBits | None:
    return _BY_KIND.get(kind)


def specs() -> list[FilterBits]:
    return list(_BY_MODEL.values())


def refresh(spec: FilterBits, rows: Q | None = None, *, using: str = DEFAULT_DB_ALIAS) -> int:
    """Recomputes the bits of ``spec``'s facilities matching ``rows`` (a condition on the kind's
    model; all of them when None) in one UPDATE. Returns the number of facilities updated."""
    kind_rows = spec.model._base_manager.using(using).all()
    if rows is not None:
        kind_rows = kind_rows.filter(rows)
    # a probe per facility and bit (an ``IN (subquery)`` here made PostgreSQL compare every
    # row with the whole list of matches: hours for 300k charging stations)
    value = Value(0)
    for _group, _value, bit, condition in spec.bits():
        matches = Exists(spec.model._base_manager.filter(condition, pk=OuterRef("pk")))
        value = value + Case(When(matches, then=Value(bit)), default=Value(0))
    updated = Facility._base_manager.using(using).filter(pk__in=kind_rows.values("pk")).update(filter_bits=value)
    # the values present may have changed: read them again, now and once this is committed
    key = (kind_of(spec.model), using)
    _present.pop(key, None)
    transaction.on_commit(lambda: _present.pop(key, None), using=using)
    return updated


def refresh_all(using: str = DEFAULT_DB_ALIAS) -> None:
    for spec in specs():
        refresh(spec, using=using)


def refresh_migration(kind: str) -> migrations.RunPython:
    """The operation of a kind's data migration that (re)computes its bits: the migration that
    follows a change to its ``FILTER_BITS`` (it runs today's declaration on today's models)."""

    def forward(apps, schema_editor):
        spec, alias = _BY_KIND.get(kind), schema_editor.connection.alias
        if spec is not None and spec.model._base_manager.using(alias).exists():
            refresh(spec, using=alias)

    return migrations.RunPython(forward, migrations.RunPython.noop, elidable=True)


def requirement(model, group: str, values: Iterable, *, match: str = "all", negate: bool = False) -> Requirement:
    """What :func:`where` asks of a row's bits, for :func:`meeting`."""
    return Requirement(spec_for(model).mask(group, values), "none" if negate else match)


@dataclass(frozen=True)
class Requirement:
    mask: int
    match: str  # "all", "any" or "none" of the mask's bits


@dataclass
class _Present:
    """A kind's values present, kept until ``expires`` (monotonic), with the values meeting
    each combination of requirements asked of them since (:func:`meeting_present`)."""

    expires: float
    counts: dict[int, int]
    met: dict[tuple, tuple[list[int], int]] = field(default_factory=dict)


# per process, kind and database
KEEP_SECONDS = 60
# combinations remembered per kind at most (a kind's filters make a few thousand at most; a
# flood of others starts the memory again)
MAX_COMBINATIONS = 10_000
_present: dict[tuple[str, str], _Present] = {}


def _kept(kind: str, using: str) -> _Present:
    now = time.monotonic()
    entry = _present.get((kind, using))
    if entry is None or entry.expires <= now:
        entry = _present[(kind, using)] = _Present(now + KEEP_SECONDS, read_values_present(kind, using=using))
    return entry


def values_present(kind: str, *, using: str = DEFAULT_DB_ALIAS) -> dict[int, int]:
    """The distinct filter-bit values of the kind's facilities (deleted and unpublished ones
    too), each with how many facilities have it, counted up to ``RARE_MATCHES + 1`` (enough to
    tell a rare combination from a common one). Kept per process for a minute at most: a
    :func:`refresh` in the process forgets them at once, the other processes within the minute,
    as the pages and list APIs are cached by the minute anyway (as apps.places.reference keeps
    the communities). Reading them costs an index search per value and the index entries up to
    each cap (:func:`read_values_present`), and a kind can have thousands of values (a park's
    amenities, type and parking together: 3,853 among 121k generated parks, 23 ms)."""
    return _kept(kind, using).counts


def meeting_present(kind: str, requirements: Iterable[Requirement], *,
                    using: str = DEFAULT_DB_ALIAS) -> tuple[list[int], int]:
    """The values present (:func:`values_present`) meeting every requirement (:func:`meeting`)
    and how many facilities have them (from the capped counts: more than ``RARE_MATCHES``
    means "many"). Remembered with the values per combination: picking them walks every
    value, and the generated parks have 3,853 (0.5 ms a list)."""
    entry = _kept(kind, using)
    key = _combination(requirements)
    found = entry.met.get(key)
    if found is None:
        values = meeting(entry.counts, requirements)
        if len(entry.met) >= MAX_COMBINATIONS:
            entry.met.clear()
        found = entry.met[key] = (values, sum(entry.counts[v] for v in values))
    return found


def forget_values_present() -> None:
    _present.clear()


def read_values_present(kind: str, *, using: str = DEFAULT_DB_ALIAS) -> dict[int, int]:
    """:func:`values_present` read from the database: the values as a skip scan of the ``(kind,
    filter_bits)`` index (which neither SQLite nor PostgreSQL does for a DISTINCT on its own:
    an index search per value, not a read of every facility of the kind, 300k stations), each
    counted up to its cap (a GROUP BY counted every facility: 32 ms for the stations' ten
    values at 1M, 1 ms capped)."""
    table = connections[using].ops.quote_name(Facility._meta.db_table)
    sql = f"""
        WITH RECURSIVE present(bits) AS (
            SELECT MIN(filter_bits) FROM {table} WHERE kind = %s
            UNION ALL
            SELECT (SELECT MIN(filter_bits) FROM {table} WHERE kind = %s AND filter_bits > present.bits)
            FROM present WHERE present.bits IS NOT NULL
        )
        SELECT bits, (SELECT COUNT(*) FROM (SELECT 1 FROM {table} WHERE kind = %s AND filter_bits = present.bits
                                            LIMIT %s) capped)
        FROM present WHERE bits IS NOT NULL"""  # noqa: S608 - the table's quoted name, placeholders
    with connections[using].cursor() as cursor:
        cursor.execute(sql, [kind, kind, kind, RARE_MATCHES + 1])
        return dict(cursor.fetchall())


def _combination(requirements: Iterable[Requirement]) -> tuple[int, int, frozenset[int]]:
    """The requirements as (bits all needed, bits none may have, the masks of which any will
    do): the same for the same filters in any order."""
    every = none = 0
    anys = set()
    for r in requirements:
        if r.match == "all":
            every |= r.mask
        elif r.match == "none":
            none |= r.mask
        else:
            anys.add(r.mask)
    return every, none, frozenset(anys)


def meeting(values: Iterable[int], requirements: Iterable[Requirement]) -> list[int]:
    """Those of ``values`` (filter bits) that meet every requirement, in order."""
    every, none, anys = _combination(requirements)
    return sorted(v for v in values if v & every == every and not v & none and all(v & m for m in anys))


def ids_in_place(kind: str, requirements: Iterable[Requirement], *, street: int | None = None,
                 community: int | None = None, open_now: bool | None = None, when=None,
                 free: tuple | None = None, limit: int, using: str = DEFAULT_DB_ALIAS) -> list[int]:
    """Ids of up to ``limit`` published facilities of the kind in a sub-district (``street``)
    and/or a ``community`` whose bits meet every requirement, with ``open_now`` whose stored
    open-now state (:mod:`apps.places.open_state`) is ``open_now`` at ``when`` or not valid then
    (candidates: their hours decide), and with ``free`` ((fresh since, free or not)) whose
    newest report of something free (``free_reported_at``) is that fresh or not, in no order:
    what the community index holds, read from it alone. Written out: the ORM took 0.7 ms to build and read this 0.13 ms query."""
    connection = connections[using]
    ops, table = connection.ops, connection.ops.quote_name(Facility._meta.db_table)
    communities = ops.quote_name(Community._meta.db_table)
    where, params = ["kind = %s", "status = %s", "deleted_at IS NULL"], [kind, FacilityStatus.PUBLISHED.value]
    if street is not None:
        where.append(f"community_id IN (SELECT id FROM {communities} WHERE sub_district_id = %s)")  # noqa: S608
        params.append(street)
    if community is not None:
        where.append("community_id = %s")
        params.append(community)
    every, none, anys = _combination(requirements)
    # (ranges of bits & mask, as :func:`where` writes them)
    if every:
        where.append("(filter_bits & %s) >= %s")
        params += [every, every]
    if none:
        where.append("(filter_bits & %s) < 1")
        params.append(none)
    for mask in sorted(anys):
        where.append("(filter_bits & %s) > 0")
        params.append(mask)
    if open_now is not None:
        moment = ops.adapt_datetimefield_value(when)
        where.append("((open_until > %s AND open_state = %s) OR open_until IS NULL OR open_until <= %s)")
        params += [moment, open_now, moment]
    if free is not None:
        fresh_since, is_free = free
        where.append("free_reported_at >= %s" if is_free else "(free_reported_at IS NULL OR free_reported_at < %s)")
        params.append(ops.adapt_datetimefield_value(fresh_since))
    sql = f"SELECT id FROM {table} WHERE {' AND '.join(where)} LIMIT %s"  # noqa: S608 - quoted names, placeholders
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, limit])
        return [row[0] for row in cursor.fetchall()]


def ids_having(kind: str, values: list[int], limit: int, *, street: int | None = None,
               community: int | None = None, using: str = DEFAULT_DB_ALIAS) -> list[int]:
    """Ids of up to ``limit`` facilities of the kind whose bits are one of ``values``, in a
    sub-district (``street``) and/or a ``community`` when given, in no particular order: from
    the ``(kind, filter_bits, community)`` index alone. (The place read there, not by the list
    from each row: 700 rare parks of the whole district read by id to find the 19 of one
    sub-district took the page 2-3 ms; bench/lists.py at 1M on SQLite.)"""
    rows = Facility._base_manager.using(using).filter(IntegersIn(values, ref="filter_bits"), kind=kind)
    if street is not None:
        rows = rows.filter(community_id__in=Community.objects.using(using).filter(sub_district_id=street).values("pk"))
    if community is not None:
        rows = rows.filter(community_id=community)
    return list(rows.order_by().values_list("pk", flat=True)[:limit])


def where(queryset, group: str, values: Iterable, *, match: str = "all", negate: bool = False):
    """``queryset`` (a kind's) narrowed to rows having every one (``match="all"``) or any
    (``"any"``) of the ``values`` of ``group``; ``negate``: none of them."""
    mask = spec_for(queryset.model).mask(group, values)
    name = f"filter_bits_{group}"
    queryset = queryset.alias(**{name: F("filter_bits").bitand(mask)})
    # Written as ranges, not equalities (``bits & mask`` lies in [0, mask]; the same rows):
    # PostgreSQL guesses an equality on an expression matches 0.5 % of the rows, so it read
    # every match of a common amenity and sorted them (35 ms) instead of reading the list's
    # index in order up to the page; a range it guesses at a third.
    if negate:
        return queryset.filter(**{f"{name}__lt": 1})
    if match == "all":
        return queryset.filter(**{f"{name}__gte": mask})
    return queryset.filter(**{f"{name}__gt": 0})


def _kind_saved(sender, instance, raw=False, using=DEFAULT_DB_ALIAS, **kwargs):
    if not raw:
        refresh(_BY_MODEL[sender], Q(pk=instance.pk), using=using)


def _facility_saved(sender, instance, raw=False, using=DEFAULT_DB_ALIAS, **kwargs):
    # a save through the shared Facility model writes the bits it read: recompute them
    spec = _BY_KIND.get(instance.kind)
    if spec is not None and not raw:
        refresh(spec, Q(pk=instance.pk), using=using)


def _source_changed(spec: FilterBits, path: str):
    def handler(sender, instance, raw=False, using=DEFAULT_DB_ALIAS, **kwargs):
        if raw:
            return
        target = instance
        try:
            for attribute in path.split("."):
                target = getattr(target, attribute)
        except models.ObjectDoesNotExist:  # its parent is being deleted with it
            return
        if target is not None:
            refresh(spec, Q(pk=target), using=using)

    return handler
