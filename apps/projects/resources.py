"""Bulk import of livelihood projects (CSV or Excel): one row per project, matched on
``code``; ``parent`` and ``sub_districts`` by code (``;`` between sub-districts). All or
nothing. Used by the projects admin and by ``apps.backoffice`` (preview, Celery)."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy
from import_export import fields, resources

from apps.core.spreadsheet_import import (
    CodeForeignKeyWidget,
    CodeInstanceLoader,
    CodeWidget,
    NumberWidget,
    ScopedImportMixin,
)
from apps.places.resources import SubDistrictCodesWidget

from . import services
from .models import Project


class ProjectResource(ScopedImportMixin, resources.ModelResource):
    """One row per project; ``parent`` and ``sub_districts`` by code. All-or-nothing.

    A sub-district official may import only projects whose sub-districts are all theirs
    (a district-wide project, with no sub-district, is the district's)."""

    scope_column = "sub_districts"

    # The places widgets: "abc", "inf" or an unknown code is a row error with a message for
    # the cell (import-export's own widgets raised InvalidOperation, OverflowError or
    # DoesNotExist, shown as a traceback).
    code = fields.Field(attribute="code", column_name="code", widget=CodeWidget())
    year = fields.Field(attribute="year", column_name="year", widget=NumberWidget(integer=True, required=True))
    order = fields.Field(attribute="order", column_name="order", widget=NumberWidget(integer=True))
    weight = fields.Field(attribute="weight", column_name="weight", widget=NumberWidget())
    target_quantity = fields.Field(attribute="target_quantity", column_name="target_quantity",
                                   widget=NumberWidget(minimum=None))
    achieved_quantity = fields.Field(attribute="achieved_quantity", column_name="achieved_quantity",
                                     widget=NumberWidget())
    progress_percent = fields.Field(attribute="progress_percent", column_name="progress_percent",
                                    widget=NumberWidget())
    parent = fields.Field(
        attribute="parent", column_name="parent",
        widget=CodeForeignKeyWidget(Project, gettext_lazy("parent project"), required=False),
    )
    sub_districts = fields.Field(
        attribute="sub_districts", column_name="sub_districts", widget=SubDistrictCodesWidget(),
    )

    class Meta:
        model = Project
        import_id_fields = ["code"]
        instance_loader_class = CodeInstanceLoader
        fields = [
            "code", "year", "order", "category", "title", "title_en", "description",
            "description_en", "source_text", "department", "department_en", "parent", "weight",
            "quantity_kind", "target_quantity", "achieved_quantity", "unit", "unit_en",
            "progress_method", "progress_percent", "status", "planned_start", "planned_end",
            "actual_start", "actual_end", "sub_districts", "is_headline", "is_illustrative",
        ]
        export_order = fields
        skip_unchanged = True
        report_skipped = True
        clean_model_instances = True
        use_transactions = True
        skip_html_diff = True

    def saved_sub_district_ids(self, instance) -> set[int]:
        return set(instance.sub_districts.values_list("id", flat=True))

    def row_sub_district_ids(self, instance, row):
        if "sub_districts" not in row:
            return self._row_saved_scope if not self._row_is_new else set()
        try:
            return {s.pk for s in self.fields["sub_districts"].widget.clean(row.get("sub_districts"))}
        except ValueError as error:
            raise ValidationError({"sub_districts": [str(error)]}) from None

    def import_instance(self, instance, row, **kwargs):
        """``sub_districts`` is saved after validation (a many-to-many field): an unknown
        code is checked here so that it is a row error like the other columns."""
        errors: dict = {}
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        if "sub_districts" in row and "sub_districts" not in errors:
            try:
                self.fields["sub_districts"].widget.clean(row.get("sub_districts"))
            except ValueError as error:
                errors["sub_districts"] = [str(error)]
        if errors:
            raise ValidationError(errors)

    def after_save_instance(self, instance, row, **kwargs):
        services.project_progress_refresh(project=instance)


IMPORT_RESOURCES = [ProjectResource]

SAMPLE_ROWS = {
    Project: [{
        "code": "2026-DEMO-1", "year": "2026", "category": "housing", "title": "示例民生项目",
        "title_en": "Sample project", "target_quantity": "10", "achieved_quantity": "0", "unit": "个",
        "status": "planned", "sub_districts": "", "is_illustrative": "1",
    }],
}
