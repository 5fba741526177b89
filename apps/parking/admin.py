from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from apps.accounts.operator_admin import OperatorAccountInline, OperatorAdmin, ReportInline
from apps.accounts.scoping import SubDistrictScopedAdminMixin
from apps.places.admin import (
    FACILITY_FIELDSET,
    DeletedFilter,
    FacilityKindAdminMixin,
    FacilityPhotoInline,
    OpeningExceptionInline,
    OpeningHoursInline,
)

from .models import KIND, CarPark, FreeSpacesReport, ParkingOperator, ParkingOperatorAccount


class FreeSpacesReportInline(ReportInline):
    model = FreeSpacesReport
    fields = ("free_spaces", *ReportInline.fields)


@admin.register(CarPark)
class CarParkAdmin(FacilityKindAdminMixin, SubDistrictScopedAdminMixin, SimpleHistoryAdmin):
    facility_kind = KIND
    list_display = ("name", "car_park_type", "operator", "community", "street", "status", "spaces_total",
                    "free_spaces", "free_spaces_reported_at", "is_illustrative", "map_link")
    list_filter = ("community__sub_district", ("community", admin.RelatedOnlyFieldListFilter), "status",
                   "car_park_type", "operator", "is_illustrative", DeletedFilter)
    list_select_related = ("community__sub_district", "operator")
    search_fields = ("name", "name_en", "address", "code", "operator__name", "community__name")
    autocomplete_fields = ("community", "operator")
    raw_id_fields = ("charging_site",)
    readonly_fields = (*FacilityKindAdminMixin.readonly_fields, "free_spaces", "free_spaces_reported_at")
    fieldsets = (
        FACILITY_FIELDSET,
        (_("Car park"), {"fields": ("code", "car_park_type", "operator", "spaces_total", "accessible_spaces",
                                    "ev_spaces", "charging_site", "tariff", "tariff_en", "height_limit_m",
                                    "free_spaces", "free_spaces_reported_at")}),
    )
    inlines = [OpeningHoursInline, OpeningExceptionInline, FacilityPhotoInline, FreeSpacesReportInline]


class ParkingOperatorAccountInline(OperatorAccountInline):
    model = ParkingOperatorAccount


@admin.register(ParkingOperator)
class ParkingOperatorAdmin(OperatorAdmin):
    inlines = [ParkingOperatorAccountInline]
