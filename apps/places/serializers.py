"""Output serializers every facility kind's API shares (opening hours, exceptions, photos):
one OpenAPI component each, whichever kind's detail they appear in."""

from rest_framework import serializers


class OpeningHoursSerializer(serializers.Serializer):
    weekday = serializers.IntegerField(help_text="0 = Monday … 6 = Sunday")
    opens = serializers.TimeField(format="%H:%M")
    closes = serializers.TimeField(format="%H:%M")


class OpeningExceptionSerializer(serializers.Serializer):
    date = serializers.DateField()
    closed = serializers.BooleanField()
    opens = serializers.TimeField(format="%H:%M", allow_null=True)
    closes = serializers.TimeField(format="%H:%M", allow_null=True)
    note = serializers.CharField()


class FacilityPhotoSerializer(serializers.Serializer):
    url = serializers.SerializerMethodField()
    caption = serializers.CharField()
    thumbnail_url = serializers.SerializerMethodField(help_text="small copy for lists")

    def get_url(self, photo) -> str:
        return photo.image.url if photo.image else ""

    def get_thumbnail_url(self, photo) -> str:
        image = photo.thumbnail or photo.image
        return image.url if image else ""
