"""Bulk import and export of elder-care sites (CSV or Excel), run by ``apps.backoffice``: one
row per site, matched on ``code``; the services are 1/0 columns (respite beds a count)."""

from import_export import fields

from apps.core.spreadsheet_import import (
    ChoicesWidget,
    NumberWidget,
    TextWidget,
    YesNoWidget,
)
from apps.places.resources import (
    FACILITY_COLUMNS,
    FacilityResource,
)

from .models import KIND, ElderCareSite, Level, Service

FLAGS = [value for value in Service.values if value != Service.RESPITE_BEDS]
TEXTS = ["operator", "operator_en", "contact", "eligibility", "eligibility_en"]


class ElderCareSiteResource(FacilityResource):
    kind = KIND

    level = fields.Field(attribute="level", column_name="level", widget=ChoicesWidget(Level))
    respite_beds = fields.Field(attribute="respite_beds", column_name="respite_beds",
                                widget=NumberWidget(integer=True, required=True))
    home_service = fields.Field(attribute="home_service", column_name="home_service", widget=YesNoWidget())
    home_service_radius_m = fields.Field(attribute="home_service_radius_m", column_name="home_service_radius_m",
                                         widget=NumberWidget(integer=True))
    locals().update({name: fields.Field(attribute=name, column_name=name, widget=YesNoWidget()) for name in FLAGS})
    locals().update({name: fields.Field(attribute=name, column_name=name, widget=TextWidget()) for name in TEXTS})

    class Meta(FacilityResource.Meta):
        model = ElderCareSite
        fields = [*FACILITY_COLUMNS, "level", *TEXTS, *FLAGS, "respite_beds", "home_service", "home_service_radius_m"]
        export_order = fields


IMPORT_RESOURCES = [ElderCareSiteResource]

SAMPLE_ROWS = {
    ElderCareSite: [{
        "code": "QK-ELDER-DEMO-1", "name": "示例社区老年人服务站", "name_en": "Sample community elder service station",
        "address": "硚口区示例路3号", "community": "", "lat": "30.58", "lon": "114.25", "status": "draft",
        "level": "station", "operator": "示例街道", "eligibility": "辖区60岁以上老年人", "day_care": "1",
        "meal_help": "1", "cultural_activities": "1", "respite_beds": "0", "home_service": "0",
        "is_illustrative": "1",
    }],
}
