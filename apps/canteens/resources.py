"""Bulk import of senior canteens (CSV or Excel), run by ``apps.backoffice``: one row per
canteen, matched on ``code``. Meal services, discounts and menus are edited in the admin
(not imported)."""

from import_export import fields

from apps.core.spreadsheet_import import NumberWidget, TextWidget, YesNoWidget
from apps.places.resources import FACILITY_COLUMNS, FacilityResource

from .models import KIND, Canteen


class CanteenResource(FacilityResource):
    kind = KIND

    operator = fields.Field(attribute="operator", column_name="operator", widget=TextWidget())
    operator_en = fields.Field(attribute="operator_en", column_name="operator_en", widget=TextWidget())
    seats = fields.Field(attribute="seats", column_name="seats", widget=NumberWidget(integer=True, required=True))
    home_delivery = fields.Field(attribute="home_delivery", column_name="home_delivery", widget=YesNoWidget())
    delivery_note = fields.Field(attribute="delivery_note", column_name="delivery_note", widget=TextWidget())
    delivery_note_en = fields.Field(attribute="delivery_note_en", column_name="delivery_note_en", widget=TextWidget())

    class Meta(FacilityResource.Meta):
        model = Canteen
        fields = [*FACILITY_COLUMNS, "operator", "operator_en", "seats", "home_delivery", "delivery_note",
                  "delivery_note_en"]
        export_order = fields


IMPORT_RESOURCES = [CanteenResource]

# A sample row for the downloadable template (illustrative).
SAMPLE_ROWS = {
    Canteen: [{
        "code": "QK-CANTEEN-DEMO-1", "name": "示例幸福食堂", "name_en": "Sample senior canteen",
        "address": "硚口区示例路1号", "community": "", "lat": "30.58", "lon": "114.25", "status": "draft",
        "operator": "社区居委会", "seats": "40", "home_delivery": "1", "is_illustrative": "1",
    }],
}
