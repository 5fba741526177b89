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
        by_key = {foreign_key.get_foreign_related_value(instance): instance for instance in instances}
        if queryset is None:
            queryset = relation.related_model._default_manager.all()
        nested = queryset._prefetch_related_lookups
        keys = [key[0] for key in by_key]
        rows = _read_by_keys(queryset.prefetch_related(None), foreign_key, keys)
        if nested:
            prefetch_lists(rows, nested)
        groups: dict[tuple, list] = {key: [] for key in by_key}
        for row in rows:
            key = foreign_key.get_local_related_value(row)
            foreign_key.set_cached_value(row, by_key[key])
            groups[key].append(row)
        for key, instance in by_key.items():
            if to_attr:
                setattr(instance, to_attr, groups[key])
            else:
                instance.__dict__.setdefault("_prefetched_objects_cache", {})[relation.cache_name] = (
                    PrefetchedList(groups[key]))
    return instances


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


# The SQL of "the rows of <model> whose <foreign key> is one of N keys, in <order>", compiled
# once per process (with the converters of its columns): building and compiling a query cost
# more than running it for a list page's small related reads (half of a page's load time,
# bench/lists.py; issue 21). Only querysets without filters of their own are kept (their SQL
# has no values but the keys); the number of entries is bounded.
_COMPILED: dict[tuple, tuple[str, list, dict]] = {}
_COMPILED_MAX = 2048


def _read_by_keys(queryset: QuerySet, foreign_key, keys: list) -> list:
    """``read_rows(queryset.filter(<foreign_key>__in=keys))``, by SQL compiled once when the
    queryset has no filters of its own."""
    by_keys = queryset.filter(**{f"{foreign_key.name}__in": keys})
    query, db = queryset.query, queryset.db
    if query.where or not _plain(queryset):
        return read_rows(by_keys)
    model = queryset.model
    shape = (db, model, foreign_key.attname, query.order_by, query.default_ordering, len(keys))
    compiled = _COMPILED.get(shape)
    if compiled is None:
        names = [field.attname for field in model._meta.concrete_fields]
        compiler = by_keys.values_list(*names).query.get_compiler(db)
        sql, params = compiler.as_sql()
        if list(params) != list(keys):  # some value besides the keys: not kept
            return read_rows(by_keys)
        converters = compiler.get_converters([column for column, _sql, _alias in compiler.select[: compiler.col_count]])
        compiled = (sql, names, converters)
        if len(_COMPILED) < _COMPILED_MAX:
            _COMPILED[shape] = compiled
    sql, names, converters = compiled
    connection = connections[db]
    with connection.cursor() as cursor:
        cursor.execute(sql, keys)
        rows = cursor.fetchall()
    if converters:
        rows = [list(row) for row in rows]
        for row in rows:
            for position, (functions, expression) in converters.items():
                value = row[position]
                for convert in functions:
                    value = convert(value, expression, connection)
                row[position] = value
    return _instances(model, names, rows, db)
