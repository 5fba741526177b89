"""Bulk import and export of health institutions (CSV or Excel), run by ``apps.backoffice``:
one row per institution, matched on ``code``; the services are 1/0 columns."""

from import_export import fields

from apps.places.resources import FACILITY_COLUMNS, ChoicesWidget, FacilityResource, YesNoWidget

from .models import KIND, HealthInstitution, HealthService, HospitalGrade, InstitutionType


class HealthInstitutionResource(FacilityResource):
    kind = KIND

    institution_type = fields.Field(attribute="institution_type", column_name="institution_type",
                                    widget=ChoicesWidget(InstitutionType))
    grade = fields.Field(attribute="grade", column_name="grade", widget=ChoicesWidget(HospitalGrade, required=False))
    mutual_recognition = fields.Field(attribute="mutual_recognition", column_name="mutual_recognition",
                                      widget=YesNoWidget())
    locals().update({name: fields.Field(attribute=name, column_name=name, widget=YesNoWidget())
                     for name in HealthService.values})

    class Meta(FacilityResource.Meta):
        model = HealthInstitution
        fields = [*FACILITY_COLUMNS, "institution_type", "grade", *HealthService.values, "mutual_recognition"]
        export_order = fields


IMPORT_RESOURCES = [HealthInstitutionResource]

SAMPLE_ROWS = {
    HealthInstitution: [{
        "code": "QK-HEALTH-DEMO-1", "name": "示例社区卫生服务站", "name_en": "Sample community health station",
        "address": "硚口区示例路4号", "community": "", "lat": "30.58", "lon": "114.25", "status": "draft",
        "institution_type": "community_station", "grade": "", "gp": "1", "vaccination": "1",
        "chronic_followup": "1", "tcm": "0", "mutual_recognition": "0", "is_illustrative": "1",
    }],
}
