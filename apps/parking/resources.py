"""Bulk import of car parks (CSV or Excel), run by ``apps.backoffice``: one row per car park,
matched on ``code``; the operator by its code. The live free spaces come from the operator
API only (not imported); the charging station here is linked in the admin."""

from import_export import fields

from apps.core.spreadsheet_import import (
    ChoicesWidget,
    CodeForeignKeyWidget,
    NumberWidget,
    TextWidget,
)
from apps.places.resources import (
    FACILITY_COLUMNS,
    FacilityResource,
)

from .models import KIND, CarPark, CarParkType, ParkingOperator


def _count(name: str, required: bool = False) -> fields.Field:
    return fields.Field(attribute=name, column_name=name, widget=NumberWidget(integer=True, required=required))


class CarParkResource(FacilityResource):
    kind = KIND

    car_park_type = fields.Field(attribute="car_park_type", column_name="car_park_type",
                                 widget=ChoicesWidget(CarParkType))
    operator = fields.Field(attribute="operator", column_name="operator",
                            widget=CodeForeignKeyWidget(ParkingOperator, ParkingOperator._meta.verbose_name))
    spaces_total = _count("spaces_total", required=True)
    accessible_spaces = _count("accessible_spaces")
    ev_spaces = _count("ev_spaces")
    tariff = fields.Field(attribute="tariff", column_name="tariff", widget=TextWidget())
    tariff_en = fields.Field(attribute="tariff_en", column_name="tariff_en", widget=TextWidget())
    height_limit_m = fields.Field(attribute="height_limit_m", column_name="height_limit_m", widget=NumberWidget())

    class Meta(FacilityResource.Meta):
        model = CarPark
        fields = [*FACILITY_COLUMNS, "car_park_type", "operator", "spaces_total", "accessible_spaces", "ev_spaces",
                  "tariff", "tariff_en", "height_limit_m"]
        export_order = fields

    def get_queryset(self):
        return super().get_queryset().select_related("operator")


IMPORT_RESOURCES = [CarParkResource]

SAMPLE_ROWS = {
    CarPark: [{
        "code": "QK-PARKING-DEMO-1", "name": "示例停车场", "name_en": "Sample car park",
        "address": "硚口区示例路5号", "community": "", "lat": "30.58", "lon": "114.25", "status": "draft",
        "car_park_type": "underground", "spaces_total": "120", "accessible_spaces": "3", "ev_spaces": "10",
        "tariff": "首小时5元，之后每小时3元", "is_illustrative": "1",
    }],
}
