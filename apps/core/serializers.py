"""Output serializers written out by a plan (issue 21): :class:`WrittenOut` gives a read-only
serializer a ``to_representation`` that writes each row by a plan made once per class from its
declared fields, instead of DRF's per-field machinery (deep-copying every field for every
request, ``get_attribute``'s signature inspection of ``get_FOO_display``, per-field dispatch),
which cost a 20-row list more than its queries (bench/lists.py).

Each field becomes a step of the class's plan:

- ``shared``: one of the fields the serializer writes itself in ``_written_out(row)`` (see
  :meth:`WrittenOut.written_out_fields`; the facility kinds' shared fields);
- ``method``: a SerializerMethodField: the serializer's ``get_<name>(row)``;
- ``direct``: a field whose ``to_representation`` reads nothing but its value (the types in
  ``_CONVERT`` and ``_PURE``, a field that says so with ``pure_output = True``, a nested list whose
  child writes itself out, a ListField of such): its source read off the row (as DRF's
  ``get_attribute`` does, callables called) then converted; when reading raises (a missing
  relation, a default), DRF's path;
- ``drf``: anything else (a related field, a file field, a nested serializer reading its
  context): DRF's path.

The output equals the declared fields' (tests/places/test_list_serializers.py,
tests/projects/test_api_written_out.py), and the declared fields stay what drf-spectacular reads.
"""

from decimal import Decimal

from rest_framework import ISO_8601, serializers
from rest_framework.fields import SkipField, is_simple_callable
from rest_framework.relations import PKOnlyObject
from rest_framework.settings import api_settings

from apps.core.prefetch import prefetched_rows

SHARED, METHOD, DIRECT, DRF = "shared", "method", "direct", "drf"


class WrittenOut:
    """Mixin for a read-only ``Serializer`` or ``ModelSerializer``: rows written by the class's
    plan (see the module). A subclass that writes some fields itself overrides
    :meth:`written_out_fields` and ``_written_out``."""

    @classmethod
    def written_out_fields(cls) -> dict:
        """The declared fields ``_written_out(row)`` writes ({name: field}); a subclass that
        redeclares one of them has it read by the plan instead."""
        return {}

    def _written_out(self, row) -> dict:
        return {}

    def to_representation(self, row):
        plan = representation_plan(type(self))
        base = self._written_out(row) if plan.shared else None
        data = {}
        for name, how, source, convert in plan:
            if how is SHARED:
                data[name] = base[name]
                continue
            if how is METHOD:
                data[name] = getattr(self, source)(row)
                continue
            if how is DIRECT:
                value = read_attribute(row, source)
                if value is not UNREAD:
                    data[name] = None if value is None else convert(value)
                    continue
            field = self.fields[name]  # DRF's per-field path (a field the plan can't read)
            try:
                attribute = field.get_attribute(row)
            except SkipField:
                continue
            check = attribute.pk if isinstance(attribute, PKOnlyObject) else attribute
            data[name] = None if check is None else field.to_representation(attribute)
        return data


class _Plan(list):
    shared = False  # whether a step is SHARED (``_written_out`` is called for each row)


def representation_plan(cls) -> list:
    """``[(name, how, source, convert)]`` for the serializer class ``cls``, made once."""
    plan = cls.__dict__.get("_representation_plan")
    if plan is not None:
        return plan
    shared, declared = cls.written_out_fields(), cls._declared_fields
    prototype = cls()  # its fields bound once (sources, method names)
    plan = _Plan()
    for name, field in prototype.fields.items():
        if field.write_only:
            continue
        if name in shared and shared[name] is declared.get(name):  # not redeclared by a subclass
            plan.append((name, SHARED, None, None))
            plan.shared = True
        elif isinstance(field, serializers.SerializerMethodField):
            plan.append((name, METHOD, field.method_name, None))
        elif (convert := _converter(field)) is not None:
            plan.append((name, DIRECT, tuple(field.source_attrs), convert))
        else:
            plan.append((name, DRF, None, None))
    cls._representation_plan = plan
    return plan


def _bool(field):
    to_representation = field.to_representation
    return lambda value: value if value is True or value is False else to_representation(value)


# field types converted without their to_representation (what it does, without the dispatch)
def decimal_output(field):
    """``field.to_representation`` (a DecimalField's) for a value, quicker for the usual one: a
    Decimal already at the field's decimal places and within its digits (as the database gives
    it), which DRF's quantizing leaves as it is, is written straight out."""
    slow = field.to_representation
    places, digits = field.decimal_places, field.max_digits
    if places is None or field.normalize_output or field.localize:
        return slow
    text = getattr(field, "coerce_to_string", api_settings.COERCE_DECIMAL_TO_STRING)

    def convert(value):
        if type(value) is Decimal:
            _, numerals, exponent = value.as_tuple()
            if exponent == -places and (digits is None or len(numerals) <= digits):
                return f"{value:f}" if text else value
        return slow(value)
    return convert


def datetime_output(field, tz):
    """``field.to_representation`` (a DateTimeField's) for values shown in the timezone ``tz``,
    which the caller reads once (``timezone.get_current_timezone()``) for many values: DRF reads
    it for each (~5 us a value in all, 1.2 of them this read; a charging list writes ~80)."""
    slow = field.to_representation
    if (tz is None or getattr(field, "format", api_settings.DATETIME_FORMAT) != ISO_8601
            or getattr(field, "timezone", tz) != tz):
        return slow

    def convert(value):
        if not value or isinstance(value, str) or value.utcoffset() is None:
            return slow(value)  # (None, text, a naive datetime: DRF's own path)
        text = value.astimezone(tz).isoformat()
        return text[:-6] + "Z" if text.endswith("+00:00") else text
    return convert


_CONVERT = {serializers.CharField: lambda field: str, serializers.IntegerField: lambda field: int,
            serializers.FloatField: lambda field: float, serializers.BooleanField: _bool,
            serializers.DecimalField: decimal_output}
# field types whose own to_representation reads nothing but the value (and the field's choices)
_PURE = {serializers.DateField, serializers.DateTimeField, serializers.TimeField, serializers.ChoiceField,
         serializers.BigIntegerField}


def _converter(field):
    """The function turning a field's value (not None) into its output, or None when the field
    needs DRF's path."""
    kind = type(field)
    if kind.get_attribute is not serializers.Field.get_attribute:
        return None
    if kind in _CONVERT:
        return _CONVERT[kind](field)
    if kind in _PURE or getattr(field, "pure_output", False):
        return field.to_representation
    if kind is serializers.ListField and _converter(field.child) is not None:
        return field.to_representation
    if issubclass(kind, serializers.ListSerializer) and (
            "to_representation" in type(field.child).__dict__ or kind.to_representation
            is not serializers.ListSerializer.to_representation):
        return field.to_representation  # the list or its child writes itself out (no context read)
    return None


_SIMPLE_CALLABLE: dict = {}  # (type, attribute) -> whether DRF calls it (is_simple_callable)

UNREAD = object()


def read_attribute(instance, attrs):
    """DRF's ``get_attribute(instance, attrs)`` for rows (not mappings), its signature
    inspection made once per class and attribute; UNREAD where reading raises or meets a
    mapping (DRF's own path then answers: a default, None for a missing relation, the error)."""
    try:
        for attr in attrs:
            if isinstance(instance, dict):
                return UNREAD
            rows = prefetched_rows(instance, attr)
            if rows is not None:
                instance = rows  # a prefetched relation's rows (no manager made)
                continue
            owner = type(instance)
            instance = getattr(instance, attr)
            if callable(instance):
                simple = _SIMPLE_CALLABLE.get((owner, attr))
                if simple is None:
                    simple = _SIMPLE_CALLABLE[(owner, attr)] = is_simple_callable(instance)
                if simple:
                    instance = instance()
    except Exception:  # noqa: BLE001 - DRF's path reads it again and answers exactly
        return UNREAD
    return instance
