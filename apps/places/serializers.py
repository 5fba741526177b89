"""Output serializers every facility kind's API shares: the fields every facility has
(:class:`FacilitySerializer`, which each kind's serializer extends) and its opening hours,
exceptions and photos (one OpenAPI component each, whichever kind they appear in)."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from apps.core.bilingual import english
from apps.core.prefetch import related_rows
from apps.core.serializers import WrittenOut

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
    pure_output = True  # reads nothing but the row: written out by plan (apps.core.serializers)

    def __init__(self, *, choices, **kwargs):
        self.choices = choices
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, facility):
        return [{"code": value, "label": str(label)} for value, label in self.choices.choices
                if getattr(facility, value)]


class FacilitySerializer(WrittenOut, serializers.Serializer):
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

    # The fields above are written out in ``_written_out`` too (declared for the schema
    # and for a kind that redeclares one): DRF's per-field machinery for these 22 fields cost
    # a 20-row list as much as reading its rows (issue 21, bench/lists.py);
    # tests/places/test_list_serializers.py holds both equal for every kind.

    @classmethod
    def written_out_fields(cls) -> dict:
        return FacilitySerializer._declared_fields

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
