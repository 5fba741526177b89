"""Output serializers every facility kind's API shares: the fields every facility has
(:class:`FacilitySerializer`, which each kind's serializer extends) and its opening hours,
exceptions and photos (one OpenAPI component each, whichever kind they appear in)."""

from decimal import Decimal

from drf_spectacular.utils import extend_schema_field
from rest_framework import ISO_8601, serializers
from rest_framework.fields import SkipField, is_simple_callable
from rest_framework.relations import PKOnlyObject
from rest_framework.settings import api_settings

from apps.core.bilingual import english
from apps.core.prefetch import prefetched_rows, related_rows

from .registry import reverse_with_id

# The three small serializers below are written out in ``to_representation`` (the declared
# fields stay for the schema): a 20-row list shows about 200 of them, and DRF's per-field
# machinery cost more than the rest of the row (bench/lists.py).


def hhmm(value) -> str | None:
    """A TimeField(format="%H:%M")'s output: the time's ISO form cut to HH:MM (four times as
    fast as strftime; a list shows ~300)."""
    return value.isoformat()[:5] if value is not None else None


class OpeningHoursSerializer(serializers.Serializer):
    weekday = serializers.IntegerField(help_text="0 = Monday … 6 = Sunday")
    opens = serializers.TimeField(format="%H:%M")
    closes = serializers.TimeField(format="%H:%M")

    def to_representation(self, period):
        return _hours(period)


class OpeningExceptionSerializer(serializers.Serializer):
    date = serializers.DateField()
    closed = serializers.BooleanField()
    opens = serializers.TimeField(format="%H:%M", allow_null=True)
    closes = serializers.TimeField(format="%H:%M", allow_null=True)
    note = serializers.CharField()
    note_en = serializers.CharField(help_text="the note in English (empty where none)")

    def to_representation(self, exception):
        return _exception(exception)


class FacilityPhotoSerializer(serializers.Serializer):
    url = serializers.SerializerMethodField()
    caption = serializers.CharField()
    thumbnail_url = serializers.SerializerMethodField(help_text="small copy for lists")

    def get_url(self, photo) -> str:
        return photo.image.url if photo.image else ""

    def get_thumbnail_url(self, photo) -> str:
        image = photo.thumbnail or photo.image
        return image.url if image else ""

    def to_representation(self, photo):
        return _photo(photo)


class OfferItemSerializer(serializers.Serializer):
    code = serializers.CharField()
    label = serializers.CharField()


@extend_schema_field(OfferItemSerializer(many=True))
class OfferField(serializers.Field):
    # A kind's offers (its ``choices``: columns of its row, see apps.places.kit.offered) as
    # ``[{"code", "label"}]``, those the facility offers only.

    def __init__(self, *, choices, **kwargs):
        self.choices = choices
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, facility):
        return [{"code": value, "label": str(label)} for value, label in self.choices.choices
                if getattr(facility, value)]


class FacilitySerializer(serializers.Serializer):
    # The fields every facility kind's list and detail start with (CONTRACT §4). Rows come
    # from the kind's ``page`` (lists) or ``detail`` and ``annotate`` selectors (open now, labels,
    # prefetched hours and photos). Set ``detail_url_name``. (A comment, not a docstring:
    # drf-spectacular would publish it as the description of every kind's schema.)
    detail_url_name = ""  # the kind's public page, e.g. "canteens:detail"

    id = serializers.IntegerField()
    name = serializers.CharField(source="display_name")
    name_zh = serializers.CharField(source="name")
    name_en = serializers.CharField()
    address = serializers.CharField(source="display_address")
    lat = serializers.FloatField()
    lon = serializers.FloatField()
    street = serializers.IntegerField(source="community.sub_district_id", help_text="sub-district id")
    street_name = serializers.CharField(source="community.sub_district.display_name")
    community = serializers.IntegerField(source="community_id")
    community_name = serializers.CharField(source="community.display_name")
    url = serializers.SerializerMethodField()
    phone = serializers.CharField()
    status = serializers.CharField()
    open_now = serializers.BooleanField()
    opening_hours = OpeningHoursSerializer(many=True)
    opening_exceptions = OpeningExceptionSerializer(many=True, source="upcoming_exceptions")
    accessibility = serializers.ListField(child=serializers.CharField(), help_text="feature codes")
    accessibility_labels = serializers.ListField(child=serializers.CharField())
    photos = FacilityPhotoSerializer(many=True)
    last_verified = serializers.DateField(allow_null=True)
    is_illustrative = serializers.BooleanField()

    def get_url(self, facility) -> str:
        return reverse_with_id(self.detail_url_name, facility.pk)

    # The fields above are written out in ``to_representation`` too (declared for the schema
    # and for a kind that redeclares one): DRF's per-field machinery for these 22 fields cost
    # a 20-row list as much as reading its rows (issue 21, bench/lists.py);
    # tests/places/test_list_serializers.py holds both equal for every kind.

    def _written_out(self, f) -> dict:
        community = f.community
        street = community.sub_district
        in_english = english()  # (once for the four names below)
        return {
            "id": f.pk,
            "name": _text(f.name_in(in_english)),
            "name_zh": _text(f.name),
            "name_en": _text(f.name_en),
            "address": _text(f.address_in(in_english)),
            "lat": float(f.lat),
            "lon": float(f.lon),
            "street": community.sub_district_id,
            "street_name": _text(street.name_in(in_english)),
            "community": f.community_id,
            "community_name": _text(community.name_in(in_english)),
            "url": self.get_url(f),
            "phone": _text(f.phone),
            "status": _text(f.status),
            "open_now": None if f.open_now is None else bool(f.open_now),
            "opening_hours": [_hours(p) for p in related_rows(f, "opening_hours")],
            "opening_exceptions": [_exception(e) for e in f.upcoming_exceptions],
            "accessibility": [str(code) for code in f.accessibility],
            "accessibility_labels": [str(label) for label in f.accessibility_labels],
            "photos": [_photo(p) for p in related_rows(f, "photos")],
            "last_verified": f.last_verified.isoformat() if f.last_verified is not None else None,
            "is_illustrative": bool(f.is_illustrative),
        }

    def to_representation(self, facility):
        # the row by the class's plan (see _plan): the shared fields from _written_out, the
        # kind's own read straight off the row and converted as their declared field would
        base = self._written_out(facility)
        data = {}
        for name, how, source, convert in _plan(type(self)):
            if how is _SHARED:
                data[name] = base[name]
                continue
            if how is _METHOD:
                data[name] = getattr(self, source)(facility)
                continue
            if how is _DIRECT:
                value = _read(facility, source)
                if value is not _UNREAD:
                    data[name] = None if value is None else convert(value)
                    continue
            field = self.fields[name]  # DRF's per-field path (a field the plan can't read)
            try:
                attribute = field.get_attribute(facility)
            except SkipField:
                continue
            check = attribute.pk if isinstance(attribute, PKOnlyObject) else attribute
            data[name] = None if check is None else field.to_representation(attribute)
        return data


# The list representation of a kind's serializer, written out once per class from its declared
# fields (issue 21): DRF's per-field machinery (deep-copying every field for every request,
# get_attribute's signature inspection of get_FOO_display, per-field dispatch) cost a 20-row
# list more than its queries. Each declared field becomes a step of the class's plan:
#   _SHARED  one of FacilitySerializer's own fields: _written_out's value;
#   _METHOD  a SerializerMethodField: the serializer's get_<name>(row);
#   _DIRECT  a field whose to_representation reads nothing but its value (the types in
#            _CONVERT, a nested list whose child writes itself out, OfferField, a ListField of
#            such): its source read off the row (as DRF's get_attribute does, callables called)
#            then converted; when reading raises (a missing relation, a default), DRF's path;
#   _DRF     anything else (a related field, a file field, a nested serializer reading its
#            context): DRF's path.
# The output equals the declared fields' (tests/places/test_list_serializers.py), and the
# declared fields stay what drf-spectacular reads.
_SHARED, _METHOD, _DIRECT, _DRF = "shared", "method", "direct", "drf"


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
# field types whose own to_representation reads nothing but the value
_PURE = {serializers.DateField, serializers.DateTimeField, serializers.TimeField}


def _converter(field):
    """The function turning a field's value (not None) into its output, or None when the field
    needs DRF's path."""
    kind = type(field)
    if kind.get_attribute is not serializers.Field.get_attribute:
        return None
    if kind in _CONVERT:
        return _CONVERT[kind](field)
    if kind in _PURE or kind is OfferField:
        return field.to_representation
    if kind is serializers.ListField and _converter(field.child) is not None:
        return field.to_representation
    if issubclass(kind, serializers.ListSerializer) and (
            "to_representation" in type(field.child).__dict__ or kind.to_representation
            is not serializers.ListSerializer.to_representation):
        return field.to_representation  # the list or its child writes itself out (no context read)
    return None


def _plan(cls) -> list:
    plan = cls.__dict__.get("_list_plan")
    if plan is not None:
        return plan
    shared = FacilitySerializer._declared_fields
    prototype = cls()  # its fields bound once (sources, method names)
    plan = []
    for name, field in prototype.fields.items():
        if field.write_only:
            continue
        if shared.get(name) is cls._declared_fields[name]:  # not redeclared by the kind
            plan.append((name, _SHARED, None, None))
        elif isinstance(field, serializers.SerializerMethodField):
            plan.append((name, _METHOD, field.method_name, None))
        elif (convert := _converter(field)) is not None:
            plan.append((name, _DIRECT, tuple(field.source_attrs), convert))
        else:
            plan.append((name, _DRF, None, None))
    cls._list_plan = plan
    return plan


_SIMPLE_CALLABLE: dict = {}  # (type, attribute) -> whether DRF calls it (is_simple_callable)


_UNREAD = object()


def _read(instance, attrs):
    """DRF's ``get_attribute(instance, attrs)`` for rows (not mappings), its signature
    inspection made once per class and attribute; _UNREAD where reading raises or meets a
    mapping (DRF's own path then answers: a default, None for a missing relation, the error)."""
    try:
        for attr in attrs:
            if isinstance(instance, dict):
                return _UNREAD
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
        return _UNREAD
    return instance


def _text(value):
    return None if value is None else str(value)


def _hours(period) -> dict:
    return {"weekday": period.weekday, "opens": hhmm(period.opens), "closes": hhmm(period.closes)}


def _exception(exception) -> dict:
    return {"date": exception.date.isoformat(), "closed": exception.closed, "opens": hhmm(exception.opens),
            "closes": hhmm(exception.closes), "note": exception.note, "note_en": exception.note_en}


def _photo(photo) -> dict:
    image = photo.thumbnail or photo.image
    return {"url": photo.image.url if photo.image else "", "caption": photo.caption,
            "thumbnail_url": image.url if image else ""}
