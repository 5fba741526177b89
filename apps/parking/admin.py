from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from apps.accounts.operator_admin import OperatedFacilityAdmin, operator_admin, report_inline
from apps.places.admin import FACILITY_FIELDSET, FACILITY_INLINES, DeletedFilter, FacilityKindAdminMixin

from .models import KIND, CarPark, FreeSpacesReport, ParkingOperator, ParkingOperatorAccount


@admin.register(CarPark)
class CarParkAdmin(OperatedFacilityAdmin):
    facility_kind = KIND
    list_display = ("name", "car_park_type", "operator", "community", "street", "status", "spaces_total",
                    "free_spaces", "free_spaces_reported_at", "is_illustrative", "map_link")
    list_filter = ("community__sub_district", ("community", admin.RelatedOnlyFieldListFilter), "status",
                   "car_park_type", "operator", "is_illustrative", DeletedFilter)
    raw_id_fields = ("charging_site",)
    readonly_fields = (*FacilityKindAdminMixin.readonly_fields, "free_spaces", "free_spaces_reported_at")
    fieldsets = (
        FACILITY_FIELDSET,
        (_("Car park"), {"fields": ("code", "car_park_type", "operator", "spaces_total", "accessible_spaces",
                                    "ev_spaces", "charging_site", "tariff", "tariff_en", "height_limit_m",
                                    "free_spaces", "free_spaces_reported_at")}),
    )
    inlines = [*FACILITY_INLINES, report_inline(FreeSpacesReport, "free_spaces")]


admin.site.register(ParkingOperator, operator_admin(ParkingOperatorAccount))
