from django.contrib import admin
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from apps.accounts.scoping import SubDistrictScopedAdminMixin
from apps.places import services as facility_services
from apps.places.admin import (
    FacilityPhotoInline,
    FacilityStatusActionsMixin,
    OpeningExceptionInline,
    OpeningHoursInline,
)
from apps.places.models import FacilityKind

from .models import Canteen, Meal, MealService, MenuItem, SeniorDiscount

FACILITY_FIELDS = (
    "name", "name_en", "address", "address_en", "community", "lat", "lon", "map_point", "phone",
    "status", "accessibility", "description", "description_en", "last_verified", "is_illustrative",
)



def map_preview(obj) -> str:
    """The point as text and a link to OpenStreetMap (works without JavaScript)."""
    if obj is None or obj.lat is None or obj.lon is None:
        return "-"
    lat, lon = f"{obj.lat:.6f}", f"{obj.lon:.6f}"
    return format_html(
        '{}, {} <a href="https://www.openstreetmap.org/?mlat={}&amp;mlon={}#map=17/{}/{}" '
        'rel="noopener noreferrer" target="_blank">{}</a>',
        lat, lon, lat, lon, lat, lon, _("Show on map"),
    )




class MealFilter(admin.SimpleListFilter):
    title = _("meal served")
    parameter_name = "meal"

    def lookups(self, request, model_admin):
        return Meal.choices

    def queryset(self, request, queryset):
        return queryset.serving(self.value()) if self.value() else queryset


class DeletedFilter(admin.SimpleListFilter):
    title = _("deleted")
    parameter_name = "deleted"

    def lookups(self, request, model_admin):
        return [("no", _("Not deleted")), ("yes", _("Deleted"))]

    def queryset(self, request, queryset):
        if self.value() == "no":
            return queryset.filter(deleted_at__isnull=True)
        if self.value() == "yes":
            return queryset.filter(deleted_at__isnull=False)
        return queryset


class MealServiceInline(admin.TabularInline):
    model = MealService
    extra = 0
    fields = ("meal", "starts", "ends", "price")


class SeniorDiscountInline(admin.TabularInline):
    model = SeniorDiscount
    extra = 0
    fields = ("min_age", "max_age", "discount")


class MenuItemInline(admin.TabularInline):
    model = MenuItem
    extra = 0
    fields = ("weekday", "meal", "position", "dish", "dish_en")


@admin.register(Canteen)
class CanteenAdmin(SubDistrictScopedAdminMixin, FacilityStatusActionsMixin, SimpleHistoryAdmin):
    sub_district_lookup = "community__sub_district"
    list_display = ("name", "community", "street", "status", "seats", "home_delivery", "is_illustrative",
                    "map_link")
    list_filter = ("community__sub_district", ("community", admin.RelatedOnlyFieldListFilter), "status",
                   MealFilter, "home_delivery", "is_illustrative", DeletedFilter)
    list_select_related = ("community__sub_district",)
    date_hierarchy = "updated_at"
    search_fields = ("name", "name_en", "address", "operator", "code", "community__name")
    autocomplete_fields = ("community",)
    readonly_fields = ("map_point", "status", "deleted_at")
    fieldsets = (
        (_("Facility"), {"fields": (*FACILITY_FIELDS, "deleted_at")}),
        (_("Canteen"), {"fields": ("code", "operator", "operator_en", "seats", "home_delivery",
                                   "delivery_note", "delivery_note_en")}),
    )
    inlines = [MealServiceInline, SeniorDiscountInline, MenuItemInline,
               OpeningHoursInline, OpeningExceptionInline, FacilityPhotoInline]
    actions = ["publish", "temporarily_close", "close", "soft_delete"]

    @admin.display(description=_("sub-district"), ordering="community__sub_district__order")
    def street(self, obj):
        return obj.community.sub_district

    @admin.display(description=_("map"))
    def map_point(self, obj):
        return map_preview(obj)

    @admin.display(description=_("map"))
    def map_link(self, obj):
        return map_preview(obj)

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions

    def save_model(self, request, obj, form, change):
        obj.kind = FacilityKind.CANTEEN
        moved = change and {"lat", "lon", "community"} & set(form.changed_data)
        super().save_model(request, obj, form, change)
        if moved:
            facility_services.facility_move(facility=obj, lat=obj.lat, lon=obj.lon, community=obj.community)

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("community__sub_district")
