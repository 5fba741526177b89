"""Bulk import of parks (CSV or Excel), run by ``apps.backoffice``: one row per park,
matched on ``code``. Amenities are edited in the admin (not imported)."""

from import_export import fields

from apps.core.spreadsheet_import import ChoicesWidget, DayWidget, NumberWidget
from apps.places.resources import FACILITY_COLUMNS, FacilityResource

from .models import KIND, Park, ParkType


class ParkResource(FacilityResource):
    kind = KIND

    park_type = fields.Field(attribute="park_type", column_name="park_type", widget=ChoicesWidget(ParkType))
    area_m2 = fields.Field(attribute="area_m2", column_name="area_m2", widget=NumberWidget(integer=True))
    green_area_m2 = fields.Field(attribute="green_area_m2", column_name="green_area_m2",
                                 widget=NumberWidget(integer=True))
    opened_on = fields.Field(attribute="opened_on", column_name="opened_on", widget=DayWidget())
    parking_spaces = fields.Field(attribute="parking_spaces", column_name="parking_spaces",
                                  widget=NumberWidget(integer=True, required=True))

    class Meta(FacilityResource.Meta):
        model = Park
        fields = [*FACILITY_COLUMNS, "park_type", "area_m2", "green_area_m2", "opened_on", "parking_spaces"]
        export_order = fields


IMPORT_RESOURCES = [ParkResource]

SAMPLE_ROWS = {
    Park: [{
        "code": "QK-PARK-DEMO-1", "name": "示例口袋公园", "name_en": "Sample pocket park",
        "address": "硚口区示例路2号", "community": "", "lat": "30.58", "lon": "114.25", "status": "draft",
        "park_type": "pocket", "area_m2": "1200", "green_area_m2": "800", "parking_spaces": "0",
        "is_illustrative": "1",
    }],
}
