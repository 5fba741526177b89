"""Bulk import of charging stations (CSV or Excel), run by ``apps.backoffice``: one row
per station (OCPI "Location"), matched on ``code``; the operator by its code.

Charge points (piles) and their connectors are not imported: they are added in the
station's admin page, and their live status comes from the operator API."""

from import_export import fields

from apps.core.spreadsheet_import import CodeForeignKeyWidget, NumberWidget, TextWidget, YesNoWidget
from apps.places.resources import FACILITY_COLUMNS, FacilityResource

from .models import KIND, ChargingOperator, ChargingStation


class ChargingStationResource(FacilityResource):
    kind = KIND

    operator = fields.Field(attribute="operator", column_name="operator",
                            widget=CodeForeignKeyWidget(ChargingOperator, ChargingOperator._meta.verbose_name))
    is_public = fields.Field(attribute="is_public", column_name="is_public", widget=YesNoWidget())
    price_per_kwh = fields.Field(attribute="price_per_kwh", column_name="price_per_kwh",
                                 widget=NumberWidget(required=True))
    service_fee_per_kwh = fields.Field(attribute="service_fee_per_kwh", column_name="service_fee_per_kwh",
                                       widget=NumberWidget(required=True))
    parking_fee_per_hour = fields.Field(attribute="parking_fee_per_hour", column_name="parking_fee_per_hour",
                                        widget=NumberWidget())
    parking_note = fields.Field(attribute="parking_note", column_name="parking_note", widget=TextWidget())
    parking_note_en = fields.Field(attribute="parking_note_en", column_name="parking_note_en", widget=TextWidget())

    class Meta(FacilityResource.Meta):
        model = ChargingStation
        fields = [*FACILITY_COLUMNS, "operator", "is_public", "price_per_kwh", "service_fee_per_kwh",
                  "parking_fee_per_hour", "parking_note", "parking_note_en"]
        export_order = fields

    def get_queryset(self):
        return super().get_queryset().select_related("operator")


IMPORT_RESOURCES = [ChargingStationResource]


def _sample_operator(user) -> str:
    """The sample row names an operator that exists, when there is one."""
    return ChargingOperator.objects.order_by("code").values_list("code", flat=True).first() or ""


SAMPLE_ROWS = {
    ChargingStation: [{
        "code": "QK-CHARGING-DEMO-1", "name": "示例充电站", "name_en": "Sample charging station",
        "address": "硚口区示例路3号", "community": "", "lat": "30.58", "lon": "114.25", "status": "draft",
        "operator": _sample_operator, "is_public": "1", "price_per_kwh": "0.65", "service_fee_per_kwh": "0.8",
        "is_illustrative": "1",
    }],
}
