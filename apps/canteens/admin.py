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

from .models import KIND, Canteen, Meal, MealService, MenuItem, SeniorDiscount


class MealFilter(admin.SimpleListFilter):
    title = _("meal served")
    parameter_name = "meal"

    def lookups(self, request, model_admin):
        return Meal.choices

    def queryset(self, request, queryset):
        return queryset.serving(self.value()) if self.value() else queryset


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
class CanteenAdmin(FacilityKindAdminMixin, SubDistrictScopedAdminMixin, SimpleHistoryAdmin):
    facility_kind = KIND
    list_display = ("name", "community", "street", "status", "seats", "home_delivery", "is_illustrative",
                    "map_link")
    list_filter = ("community__sub_district", ("community", admin.RelatedOnlyFieldListFilter), "status",
                   MealFilter, "home_delivery", "is_illustrative", DeletedFilter)
    list_select_related = ("community__sub_district",)
    search_fields = ("name", "name_en", "address", "operator", "code", "community__name")
    autocomplete_fields = ("community",)
    fieldsets = (
        FACILITY_FIELDSET,
        (_("Canteen"), {"fields": ("code", "operator", "operator_en", "seats", "home_delivery",
                                   "delivery_note", "delivery_note_en")}),
    )
    inlines = [MealServiceInline, SeniorDiscountInline, MenuItemInline,
               OpeningHoursInline, OpeningExceptionInline, FacilityPhotoInline]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("community__sub_district")
