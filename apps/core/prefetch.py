"""Prefetching a page's related rows without Django's per-row queryset work (issue 21).

``prefetch_related`` reads each relation in one query, but then gives every row a queryset of
its own (a clone of the relation's queryset filtered on the row: 100-200 query clones for a
20-row facility page, more than the queries themselves cost; bench/lists.py). For the short
pages of the lists, :func:`prefetch_lists` reads the same rows in the same queries and hands
each row a plain list instead: ``row.<relation>.all()`` answers it without a query, as after
``prefetch_related``.

It takes what ``prefetch_related`` takes for one-to-many relations (reverse foreign keys):
names, or :class:`~django.db.models.Prefetch` with a queryset (its own
``prefetch_related`` lookups are read the same way, one level down) and ``to_attr``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from operator import attrgetter

from django.db import connections
from django.db.models import Prefetch, QuerySet, signals
from django.db.models.base import ModelState
from django.db.models.query import ModelIterable


class PrefetchedList(list):
    """A relation's rows as ``row.<relation>.all()`` returns them after :func:`prefetch_lists`:
    a list, with the few queryset methods code and templates use on a prefetched relation."""

    def all(self):
        return self

    def count(self) -> int:  # type: ignore[override]
        return len(self)

    def exists(self) -> bool:
        return bool(self)

    def first(self):
        return self[0] if self else None


def prefetched_rows(instance, name: str):
    """The rows of the instance's relation ``name`` prefetched by :func:`prefetch_lists` or
    ``prefetch_related``, or None where they are not."""
    cache = instance.__dict__.get("_prefetched_objects_cache")
    return cache.get(name) if cache is not None else None


def related_rows(instance, name: str):
    """``getattr(instance, name).all()`` for a one-to-many relation, without making its related
    manager when the rows are prefetched (by :func:`prefetch_lists` or ``prefetch_related``):
    Django builds a manager on every access, 2 us each, and a 20-station charging list reads
    ~230 relations (its charge points, their connectors, the hours, the photos; issue 21)."""
    rows = prefetched_rows(instance, name)
    return rows if rows is not None else getattr(instance, name).all()


class ShapedPrefetch(Prefetch):
    """A :class:`~django.db.models.Prefetch` whose queryset (filters and their values) is the
    same whenever ``shape`` is: :func:`prefetch_lists` reads it by SQL compiled once per shape
    (see :func:`read_by_keys`), as it does a relation without filters."""

    def __init__(self, lookup, queryset=None, to_attr=None, *, shape: tuple):
        super().__init__(lookup, queryset, to_attr)
        self.shape = shape


def prefetch_lists(instances: Iterable, lookups: Sequence) -> list:
    """Reads the ``lookups`` (one-to-many relations of the instances' model) in one query each
    and attaches them to every instance as :class:`PrefetchedList` (or the ``to_attr`` list);
    the related rows' foreign key holds their instance (no query to go back). Returns the
    instances as a list."""
    instances = list(instances)
    if not instances:
        return instances
    model = type(instances[0])
    for lookup in lookups:
        if isinstance(lookup, Prefetch):
            name, queryset, to_attr = lookup.prefetch_through, lookup.queryset, lookup.to_attr
        else:
            name, queryset, to_attr = lookup, None, None
        relation = model._meta.get_field(name)
        if "__" in name or not relation.one_to_many:
            raise ValueError(f"prefetch_lists reads one-to-many relations only, not {name!r}")
        foreign_key = relation.field
        instance_key, row_key = _key_readers(model, foreign_key)
        by_key = {instance_key(instance): instance for instance in instances}
        if queryset is None:
            queryset = relation.related_model._default_manager.all()
        nested = queryset._prefetch_related_lookups
        rows = read_by_keys(queryset.prefetch_related(None), foreign_key.name, list(by_key),
                            shape=getattr(lookup, "shape", None))
        if nested:
            prefetch_lists(rows, nested)
        groups: dict = {key: [] for key in by_key}
        cache_name = foreign_key.cache_name
        for row in rows:
            key = row_key(row)
            row._state.fields_cache[cache_name] = by_key[key]  # as foreign_key.set_cached_value
            groups[key].append(row)
        for key, instance in by_key.items():
            if to_attr:
                setattr(instance, to_attr, groups[key])
            else:
                instance.__dict__.setdefault("_prefetched_objects_cache", {})[relation.cache_name] = (
                    PrefetchedList(groups[key]))
    return instances


def _key_readers(model, foreign_key) -> tuple:
    """How to read the key of an instance of ``model`` (the side ``foreign_key`` points to) and
    of a related row (its foreign key column): what Django's ``get_foreign_related_value`` and
    ``get_local_related_value`` read, as plain values, without their per-call checks (~2 us
    each, ~300 calls for a canteen page; issue 21)."""
    (target, *more), (local, *_) = foreign_key.foreign_related_fields, foreign_key.local_related_fields
    if more:
        raise ValueError(f"prefetch_lists reads foreign keys of one column only, not {foreign_key.name!r}")
    link = model._meta.get_ancestor_link(target.model)
    # as Django's get_instance_value_for_fields: a primary key is read as the instance's pk
    # (through a child model's parent link) unless that link is not the child's primary key
    if target.primary_key and (not link or link.primary_key or link.model._meta.abstract):
        return (lambda instance: instance.pk), attrgetter(local.attname)
    # a key to another column (to_field): Django's reading
    return (lambda instance: foreign_key.get_foreign_related_value(instance)[0],
            lambda row: foreign_key.get_local_related_value(row)[0])


def _plain(queryset: QuerySet) -> bool:
    """Whether :func:`read_rows` builds the queryset's instances itself (see there)."""
    query = queryset.query
    return not (query.select_related or query.annotation_select or query.extra_select or query.deferred_loading[0]
                or not query.deferred_loading[1] or queryset._iterable_class is not ModelIterable
                or signals.pre_init.has_listeners(queryset.model) or signals.post_init.has_listeners(queryset.model))


def _instances(model, names: list[str], rows, db: str) -> list:
    """Instances as ``Model.from_db`` makes them, without ``Model.__init__``'s per-field work."""
    new = object.__new__
    instances = []
    for values in rows:
        instance = new(model)
        instance.__dict__.update(zip(names, values, strict=True))
        state = instance._state = ModelState()
        state.adding, state.db = False, db
        instances.append(instance)
    return instances


def read_rows(queryset: QuerySet) -> list:
    """``list(queryset)`` for a plain queryset of one model (no joins, annotations or deferred
    fields): the rows read as tuples and made into instances without ``Model.__init__``'s
    per-field work (a list page reads 150-300 related rows; building them the usual way cost
    more than the queries). The instances are what ``Model.from_db`` gives: every concrete
    field set, ``_state.adding`` false, ``_state.db`` the database read. Anything else, or a
    model with ``pre_init``/``post_init`` receivers, is read the usual way."""
    if not _plain(queryset):
        return list(queryset)
    names = [field.attname for field in queryset.model._meta.concrete_fields]
    return _instances(queryset.model, names, queryset.values_list(*names), queryset.db)


# The SQL of "the rows of <model> whose <column> is one of N keys, in <order>", compiled once
# per process (with the converters of its columns): building and compiling a query cost more
# than running it for a list page's small reads (half of a page's load time, bench/lists.py;
# issue 21). Kept for querysets without filters of their own (their SQL has no values but the
# keys), or, with ``shape``, for a queryset its caller promises is the same every time (its
# other values are kept with the SQL). The number of entries is bounded.
_COMPILED: dict[tuple, tuple[str, list, list, dict]] = {}
_COMPILED_MAX = 2048


def read_by_keys(queryset: QuerySet, column: str, keys: list, *, shape: tuple | None = None,
                 related: Sequence[str] = ()) -> list:
    """``read_rows(queryset.filter(<column>__in=keys))``, by SQL compiled once per shape (see
    above): the queryset's model, ``column``, order and number of keys; ``shape`` names a
    filtered queryset that is the same whenever ``shape`` is (e.g. a kind's published rows).
    ``related``: foreign keys to read in the same query, as ``select_related(*related)`` does
    (``a__b`` through ``a``; a null key gives ``None``)."""
    query, db = queryset.query, queryset.db
    if (query.where and shape is None) or not _plain(queryset) or not keys:
        return read_rows(queryset.filter(**{f"{column}__in": keys}).select_related(*related))
    model = queryset.model
    key = (db, model, column, query.order_by, query.default_ordering, len(keys), shape, tuple(related))
    compiled = _COMPILED.get(key)
    if compiled is None:
        by_keys = queryset.filter(**{f"{column}__in": keys})
        parts = _parts(model, related)
        names = [f"{prefix}{field.attname}" for prefix, _hop, hop_model in parts
                 for field in hop_model._meta.concrete_fields]
        compiler = by_keys.values_list(*names).query.get_compiler(db)
        sql, params = compiler.as_sql()
        params = list(params)
        if params[len(params) - len(keys):] != list(keys):  # the keys not last: not kept
            return read_rows(by_keys.select_related(*related))
        converters = [(position, _column_converter(functions, expression)) for position, (functions, expression)
                      in compiler.get_converters([selected for selected, _sql, _alias
                                                  in compiler.select[: compiler.col_count]]).items()]
        compiled = (sql, params[: len(params) - len(keys)], parts, converters)
        if len(_COMPILED) < _COMPILED_MAX:
            _COMPILED[key] = compiled
    sql, constants, parts, converters = compiled
    connection = connections[db]
    with connection.cursor() as cursor:
        cursor.execute(sql, [*constants, *keys])
        rows = cursor.fetchall()
    if converters and rows:
        rows = [list(row) for row in rows]
        for position, convert in converters:
            for row in rows:
                row[position] = convert(row[position], connection)
    return _assemble(parts, rows, db)


# Distinct raw values whose conversion a column remembers (see _column_converter).
_REMEMBERED_MAX = 4096


def _column_converter(functions: list, expression):
    """A column's converters as one function of (raw value, connection). Where they are all the
    database backend's own (SQLite's text to a time, date, datetime, Decimal, bool or UUID: the
    same immutable answer for the same raw value), the answers are remembered per column, up to
    ``_REMEMBERED_MAX`` values: a canteen list converted ~300 opening and meal times, most of
    them the same few, at ~1 us each, and four datetimes per facility (issue 21). A field's own
    ``from_db_value`` (a JSON list, decrypted text) is called every time."""

    def convert(value, connection):
        for function in functions:
            value = function(value, expression, connection)
        return value

    if not all(getattr(function, "__module__", "").startswith("django.db.backends.") for function in functions):
        return convert
    remembered: dict = {}

    def convert_remembered(value, connection):
        try:
            return remembered[value]
        except KeyError:
            answer = remembered[value] = convert(value, connection)
            if len(remembered) > _REMEMBERED_MAX:
                remembered.clear()
            return answer
        except TypeError:  # an unhashable raw value
            return convert(value, connection)

    return convert_remembered


def _parts(model, related: Sequence[str]) -> list:
    """``(column prefix, (parent part's index, foreign key) or None, model)`` for the model and
    every hop of the ``related`` paths, parents before children."""
    parts = [("", None, model)]
    index = {"": 0}
    for path in related:
        names = path.split("__")
        for depth in range(1, len(names) + 1):
            hop = "__".join(names[:depth])
            if hop in index:
                continue
            parent = "__".join(names[: depth - 1])
            field = parts[index[parent]][2]._meta.get_field(names[depth - 1])
            if not (field.many_to_one or field.one_to_one) or not field.concrete:
                raise ValueError(f"read_by_keys reads foreign keys only, not {hop!r}")
            index[hop] = len(parts)
            parts.append((f"{hop}__", (index[parent], field), field.related_model))
    return parts


def _assemble(parts: list, rows, db: str) -> list:
    """The rows' instances of each part (see :func:`_parts`), related ones cached on their
    parent as ``select_related`` caches them."""
    layout = []
    start = 0
    for _prefix, hop, model in parts:
        names = [field.attname for field in model._meta.concrete_fields]
        layout.append((model, names, start, start + len(names), start + names.index(model._meta.pk.attname), hop))
        start += len(names)
    new = object.__new__
    out = []
    for row in rows:
        made: list = []
        for model, names, first, last, pk, hop in layout:
            instance = None
            if hop is None or row[pk] is not None:
                instance = new(model)
                instance.__dict__.update(zip(names, row[first:last], strict=True))
                state = instance._state = ModelState()
                state.adding, state.db = False, db
            made.append(instance)
            if hop is not None and made[hop[0]] is not None:
                made[hop[0]]._state.fields_cache[hop[1].name] = instance
        out.append(made[0])
    return out
