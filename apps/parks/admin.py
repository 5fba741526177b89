from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from apps.accounts.scoping import SubDistrictScopedAdminMixin
from apps.places.admin import (
    FACILITY_FIELDSET,
    DeletedFilter,
    FacilityKindAdminMixin,
    FacilityPhotoInline,
    OpeningExceptionInline,
    OpeningHoursInline,
)

from .models import KIND, Amenity, AmenityType, Park


class AmenityFilter(admin.SimpleListFilter):
    title = _("amenity")
    parameter_name = "amenity"

    def lookups(self, request, model_admin):
        return AmenityType.choices

    def queryset(self, request, queryset):
        return queryset.with_amenities(self.value()) if self.value() else queryset


class AmenityInline(admin.TabularInline):
    model = Amenity
    extra = 0
    fields = ("amenity", "note", "note_en")


@admin.register(Park)
class ParkAdmin(FacilityKindAdminMixin, SubDistrictScopedAdminMixin, SimpleHistoryAdmin):
    facility_kind = KIND
    list_display = ("name", "park_type", "community", "street", "status", "area_m2", "parking_spaces",
                    "is_illustrative", "map_link")
    list_filter = ("community__sub_district", ("community", admin.RelatedOnlyFieldListFilter), "status",
                   "park_type", AmenityFilter, "is_illustrative", DeletedFilter)
    list_select_related = ("community__sub_district",)
    search_fields = ("name", "name_en", "address", "code", "community__name")
    autocomplete_fields = ("community",)
    fieldsets = (
        FACILITY_FIELDSET,
        (_("Park"), {"fields": ("code", "park_type", "area_m2", "green_area_m2", "opened_on", "opened_on_precision", "parking_spaces")}),
    )
    inlines = [AmenityInline, OpeningHoursInline, OpeningExceptionInline, FacilityPhotoInline]
