"""Bulk import of accessibility sites (CSV or Excel), run by ``apps.backoffice``: one row per
site, matched on ``code``. The served facility is linked in the admin; the ``accessibility``
column is ignored on import (the codes follow the type and condition)."""

from import_export import fields

from apps.core.spreadsheet_import import ChoicesWidget, NumberWidget, TextWidget
from apps.places.resources import FACILITY_COLUMNS, FacilityResource

from .models import KIND, AccessibilitySite, Condition, SiteType


class AccessibilitySiteResource(FacilityResource):
    kind = KIND

    site_type = fields.Field(attribute="site_type", column_name="site_type", widget=ChoicesWidget(SiteType))
    condition = fields.Field(attribute="condition", column_name="condition", widget=ChoicesWidget(Condition))
    serves_address = fields.Field(attribute="serves_address", column_name="serves_address", widget=TextWidget())
    serves_address_en = fields.Field(attribute="serves_address_en", column_name="serves_address_en",
                                     widget=TextWidget())
    built_in = fields.Field(attribute="built_in", column_name="built_in", widget=NumberWidget(integer=True))

    class Meta(FacilityResource.Meta):
        model = AccessibilitySite
        fields = [*FACILITY_COLUMNS, "site_type", "condition", "serves_address", "serves_address_en", "built_in"]
        export_order = fields


IMPORT_RESOURCES = [AccessibilitySiteResource]

SAMPLE_ROWS = {
    AccessibilitySite: [{
        "code": "QK-ACCESS-DEMO-1", "name": "示例无障碍坡道", "name_en": "Sample ramp",
        "address": "硚口区示例路7号", "community": "", "lat": "30.58", "lon": "114.25", "status": "draft",
        "site_type": "ramp", "condition": "good", "serves_address": "硚口区示例路7号社区服务中心入口",
        "built_in": "2024", "is_illustrative": "1",
    }],
}
