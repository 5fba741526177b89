"""Output serializers every facility kind's API shares: the fields every facility has
(:class:`FacilitySerializer`, which each kind's serializer extends) and its opening hours,
exceptions and photos (one OpenAPI component each, whichever kind they appear in)."""

from django.urls import reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

# The three small serializers below are written out in ``to_representation`` (the declared
# fields stay for the schema): a 20-row list shows about 200 of them, and DRF's per-field
# machinery cost more than the rest of the row (bench/lists.py).


def _hhmm(value) -> str | None:
    return value.strftime("%H:%M") if value is not None else None


class OpeningHoursSerializer(serializers.Serializer):
    weekday = serializers.IntegerField(help_text="0 = Monday … 6 = Sunday")
    opens = serializers.TimeField(format="%H:%M")
    closes = serializers.TimeField(format="%H:%M")

    def to_representation(self, period):
        return {"weekday": period.weekday, "opens": _hhmm(period.opens), "closes": _hhmm(period.closes)}


class OpeningExceptionSerializer(serializers.Serializer):
    date = serializers.DateField()
    closed = serializers.BooleanField()
    opens = serializers.TimeField(format="%H:%M", allow_null=True)
    closes = serializers.TimeField(format="%H:%M", allow_null=True)
    note = serializers.CharField()
    note_en = serializers.CharField(help_text="the note in English (empty where none)")

    def to_representation(self, exception):
        return {"date": exception.date.isoformat(), "closed": exception.closed, "opens": _hhmm(exception.opens),
                "closes": _hhmm(exception.closes), "note": exception.note, "note_en": exception.note_en}


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
        return {"url": self.get_url(photo), "caption": photo.caption, "thumbnail_url": self.get_thumbnail_url(photo)}


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
    # from the kind's ``with_display_data`` and ``annotate`` selectors (open now, labels,
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
        return reverse(self.detail_url_name, args=[facility.pk])
