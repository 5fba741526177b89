from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from apps.accounts.operator_admin import OperatedFacilityAdmin, operator_admin, report_inline
from apps.accounts.scoping import SubDistrictScopedAdminMixin
from apps.core.admin_mixins import ReadOnlyAdminMixin
from apps.places.admin import FACILITY_FIELDSET, FACILITY_INLINES, DeletedFilter

from . import services
from .models import (
    KIND,
    ChargePoint,
    ChargePointStatus,
    ChargingOperator,
    ChargingStation,
    Connector,
    OperatorAccount,
    StatusReport,
)


class ConnectorStandardFilter(admin.SimpleListFilter):
    title = _("connector")
    parameter_name = "connector"

    def lookups(self, request, model_admin):
        from .models import ConnectorStandard

        return ConnectorStandard.choices

    def queryset(self, request, queryset):
        return queryset.with_connector(self.value()) if self.value() else queryset


class ChargePointInline(admin.TabularInline):
    model = ChargePoint
    extra = 0
    fields = ("code", "label", "status", "status_reported_at", "connector_summary")
    readonly_fields = ("status", "status_reported_at", "connector_summary")
    show_change_link = True

    @admin.display(description=_("connectors"))
    def connector_summary(self, obj):
        return ", ".join(str(c) for c in obj.connectors.all()) if obj.pk else "-"

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("connectors")


class ConnectorInline(admin.TabularInline):
    model = Connector
    extra = 0
    fields = ("number", "standard", "power_type", "max_power_kw")


@admin.register(ChargingStation)
class ChargingStationAdmin(OperatedFacilityAdmin):
    facility_kind = KIND
    list_display = ("name", "operator", "community", "street", "status", "is_public", "is_illustrative",
                    "map_link")
    list_filter = ("community__sub_district", ("community", admin.RelatedOnlyFieldListFilter), "status",
                   "operator", ConnectorStandardFilter, "is_public", "is_illustrative", DeletedFilter)
    fieldsets = (
        FACILITY_FIELDSET,
        (_("Charging station"), {"fields": ("code", "operator", "is_public", "price_per_kwh",
                                            "service_fee_per_kwh", "parking_fee_per_hour", "parking_note",
                                            "parking_note_en")}),
    )
    inlines = [ChargePointInline, *FACILITY_INLINES]


@admin.register(ChargePoint)
class ChargePointAdmin(SubDistrictScopedAdminMixin, SimpleHistoryAdmin):
    sub_district_lookup = "station__community__sub_district"
    list_display = ("code", "label", "station", "status", "status_reported_at")
    list_filter = ("status", "station__operator", "connectors__standard")
    list_select_related = ("station",)
    search_fields = ("code", "label", "station__name")
    autocomplete_fields = ("station",)
    readonly_fields = ("status", "status_reported_at")
    inlines = [ConnectorInline, report_inline(StatusReport, "status")]
    actions = ["report_available", "report_out_of_order"]

    def _report(self, request, queryset, status):
        for point in queryset:
            services.charge_point_status_report(charge_point=point, status=status, reported_by=request.user)
        self.message_user(request, _("Status recorded."), messages.SUCCESS)

    @admin.action(description=_("Report selected piles available"), permissions=["change"])
    def report_available(self, request, queryset):
        self._report(request, queryset, ChargePointStatus.AVAILABLE)

    @admin.action(description=_("Report selected piles out of order"), permissions=["change"])
    def report_out_of_order(self, request, queryset):
        self._report(request, queryset, ChargePointStatus.OUT_OF_ORDER)


admin.site.register(ChargingOperator, operator_admin(OperatorAccount))


@admin.register(StatusReport)
class StatusReportAdmin(ReadOnlyAdminMixin, SubDistrictScopedAdminMixin, admin.ModelAdmin):
    sub_district_lookup = "charge_point__station__community__sub_district"
    list_display = ("charge_point", "status", "reported_at", "received_at", "reported_by", "applied")
    list_filter = ("status", "applied")
    list_select_related = ("charge_point__station", "reported_by")
    search_fields = ("charge_point__code",)
    date_hierarchy = "received_at"
    deletable = True  # the operators' reports are a log an administrator may clear
