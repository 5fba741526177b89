"""Admin for places, plus reusable inlines for the domain admins.

Domain apps import ``OpeningHoursInline``, ``OpeningExceptionInline`` and
``FacilityPhotoInline``. They work on the base :class:`Facility` admin, on a domain model that
inherits Facility (multi-table inheritance) and on a domain model that extends Facility with a
``facility = OneToOneField(Facility, primary_key=True)``: in that last case the inline's rows
are attached to ``obj.facility``.
"""

from django.contrib import admin
from django.core.exceptions import ObjectDoesNotExist
from django.forms.models import BaseInlineFormSet
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from .models import Community, Facility, FacilityPhoto, OpeningException, OpeningHours, SubDistrict


def _facility_of(obj):
    if obj is None or isinstance(obj, Facility):
        return obj
    try:
        return getattr(obj, "facility", None)
    except ObjectDoesNotExist:
        return None


class FacilityInlineFormSet(BaseInlineFormSet):
    """Binds the inline rows to the Facility behind whatever admin object is edited."""

    def __init__(self, data=None, files=None, instance=None, **kwargs):
        self._owner = instance
        super().__init__(data, files, instance=_facility_of(instance), **kwargs)

    def save(self, commit=True):
        facility = _facility_of(self._owner)
        if facility is not None:  # the owner (and its facility) may have been saved since
            self.instance = facility
        return super().save(commit=commit)


class FacilityInlineMixin:
    """Lets the inline hang off a model that extends Facility one-to-one."""

    formset = FacilityInlineFormSet

    def __init__(self, parent_model, admin_site):
        if parent_model is not Facility and not issubclass(parent_model, Facility):
            parent_model = Facility
        super().__init__(parent_model, admin_site)


class OpeningHoursInline(FacilityInlineMixin, admin.TabularInline):
    model = OpeningHours
    extra = 0
    fields = ("weekday", "opens", "closes")
    verbose_name = _("opening hours")
    verbose_name_plural = _("weekly opening hours")


class OpeningExceptionInline(FacilityInlineMixin, admin.TabularInline):
    model = OpeningException
    extra = 0
    fields = ("date", "closed", "opens", "closes", "note")


class FacilityPhotoInline(FacilityInlineMixin, admin.TabularInline):
    model = FacilityPhoto
    extra = 0
    fields = ("image", "caption", "order")


def map_preview(obj) -> str:
    """A point preview for admin change forms: a link to OpenStreetMap (works without JS)
    and the coordinates as text."""
    facility = _facility_of(obj) or obj
    if facility is None or getattr(facility, "lat", None) is None:
        return "-"
    return format_html(
        '<span class="map-preview">{lat}, {lon} '
        '<a href="https://www.openstreetmap.org/?mlat={lat}&amp;mlon={lon}#map=17/{lat}/{lon}" '
        'rel="noopener noreferrer" target="_blank">{label}</a></span>',
        lat=f"{facility.lat:.6f}", lon=f"{facility.lon:.6f}", label=_("Show on map"),
    )


map_preview.short_description = _("map")


@admin.register(SubDistrict)
class SubDistrictAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "name_en", "order")
    search_fields = ("code", "name", "name_en")


@admin.register(Community)
class CommunityAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "sub_district", "population", "is_illustrative")
    list_filter = ("sub_district", "is_illustrative")
    list_select_related = ("sub_district",)
    search_fields = ("code", "name", "name_en")
    autocomplete_fields = ("sub_district",)


@admin.register(Facility)
class FacilityAdmin(admin.ModelAdmin):
    """All facilities of every kind in one list (the domain admins edit their own fields)."""

    list_display = ("id", "name", "kind", "community", "status", "is_illustrative", "deleted_at")
    list_filter = ("kind", "status", "community__sub_district", "is_illustrative")
    list_select_related = ("community",)
    search_fields = ("name", "name_en", "address")
    autocomplete_fields = ("community",)
    readonly_fields = ("map_point", "deleted_at", "created_at", "updated_at")
    inlines = [OpeningHoursInline, OpeningExceptionInline, FacilityPhotoInline]
    actions = ["publish_selected", "close_selected"]

    @admin.display(description=_("map"))
    def map_point(self, obj):
        return map_preview(obj)

    @admin.action(description=_("Publish the selected facilities"))
    def publish_selected(self, request, queryset):
        from .services import facility_publish

        for facility in queryset:
            facility_publish(facility=facility)

    @admin.action(description=_("Close the selected facilities"))
    def close_selected(self, request, queryset):
        from .services import facility_close

        for facility in queryset:
            facility_close(facility=facility)
