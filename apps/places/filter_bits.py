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
probes."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from django.db import DEFAULT_DB_ALIAS, migrations, models
from django.db.models import Case, Exists, F, OuterRef, Q, Value, When
from django.db.models.signals import post_delete, post_save

from .models import Facility

# a BigIntegerField: 63 bits, the sign bit left alone
MAX_BITS = 63


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


def register(kind: str, spec: FilterBits) -> None:
    """Keeps the bits of ``kind`` (``spec``) right from now on (see the module's docstring)."""
    _BY_MODEL[spec.model] = _BY_KIND[kind] = spec
    uid = f"filter_bits:{spec.model._meta.label}"
    post_save.connect(_kind_saved, sender=spec.model, weak=False, dispatch_uid=uid)
    post_save.connect(_facility_saved, sender=Facility, weak=False, dispatch_uid="filter_bits:facility")
    for source, path in spec.sources.items():
        handler = _source_changed(spec, path)
        post_save.connect(handler, sender=source, weak=False, dispatch_uid=f"{uid}:{source._meta.label}:save")
        post_delete.connect(handler, sender=source, weak=False, dispatch_uid=f"{uid}:{source._meta.label}:delete")


def spec_for(model) -> FilterBits:
    return _BY_MODEL[model]


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
    return Facility._base_manager.using(using).filter(pk__in=kind_rows.values("pk")).update(filter_bits=value)


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
