"""Bulk import of facilities (django-import-export resources): the columns every facility
kind shares and the look-ups by community and sub-district code. The generic widgets, the
instance loader and the row scoping every import resource applies are in
:mod:`apps.core.spreadsheet_import`.

The domain apps (canteens, charging, parks) extend :class:`FacilityResource` with their own
columns in their ``resources.py``; ``apps.backoffice`` finds them there (``IMPORT_RESOURCES``)
and runs them (preview, atomic import, Celery for large files).

Rows are matched on ``code`` (the stable reference of data loads): a code that exists is an
update, a new code a new facility. The whole file is imported or nothing.
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from import_export import fields, resources, widgets

from apps.core.spreadsheet_import import (
    BoundedFloatWidget,
    ChoicesWidget,
    CodeForeignKeyWidget,
    CodeInstanceLoader,
    CodeWidget,
    DayWidget,
    ListWidget,
    ScopedImportMixin,
    TextWidget,
    YesNoWidget,
    refuse_nul,
)

from . import registry
from .generation import SURROUNDINGS
from .models import Community, FacilityStatus, SubDistrict

# The district and its surroundings (WGS-84), as generate_facilities and the maps use them.
LAT_RANGE = (SURROUNDINGS[0], SURROUNDINGS[1])
LON_RANGE = (SURROUNDINGS[2], SURROUNDINGS[3])


class SubDistrictCodesWidget(widgets.ManyToManyWidget):
    """Sub-districts by code, ``;`` between them; an unknown code is an error."""

    def __init__(self, **kwargs):
        super().__init__(SubDistrict, field="code", separator=";", **kwargs)

    def clean(self, value, row=None, **kwargs):
        refuse_nul(value)
        codes = [c.strip() for c in str(value or "").replace("；", ";").split(";") if c.strip()]
        found = {s.code: s for s in SubDistrict.objects.filter(code__in=codes)}
        for code in codes:
            if code not in found:
                raise ValueError(_("There is no sub-district with the code “%(code)s”.") % {"code": code})
        return [found[c] for c in codes]


class CommunityCodeWidget(CodeForeignKeyWidget):
    def __init__(self, **kwargs):
        super().__init__(Community, gettext_lazy("community"), **kwargs)


FACILITY_COLUMNS = [
    "code", "name", "name_en", "address", "address_en", "community", "lat", "lon", "phone", "status",
    "accessibility", "description", "description_en", "last_verified", "is_illustrative",
]


class FacilityResource(ScopedImportMixin, resources.ModelResource):
    """The columns every facility kind shares. ``community`` is the community's code;
    ``lat``/``lon`` are WGS-84 degrees inside the district and its surroundings;
    ``status`` is draft, published, temporarily_closed or closed (or its label)."""

    kind: str = ""
    scope_column = "community"

    code = fields.Field(attribute="code", column_name="code", widget=CodeWidget())
    name = fields.Field(attribute="name", column_name="name", widget=TextWidget())
    name_en = fields.Field(attribute="name_en", column_name="name_en", widget=TextWidget())
    address = fields.Field(attribute="address", column_name="address", widget=TextWidget())
    address_en = fields.Field(attribute="address_en", column_name="address_en", widget=TextWidget())
    community = fields.Field(attribute="community", column_name="community", widget=CommunityCodeWidget())
    lat = fields.Field(attribute="lat", column_name="lat", widget=BoundedFloatWidget(
        *LAT_RANGE, gettext_lazy("The latitude must be between %(low)s and %(high)s (the district and its surroundings, WGS-84).")))
    lon = fields.Field(attribute="lon", column_name="lon", widget=BoundedFloatWidget(
        *LON_RANGE, gettext_lazy("The longitude must be between %(low)s and %(high)s (the district and its surroundings, WGS-84).")))
    phone = fields.Field(attribute="phone", column_name="phone", widget=TextWidget())
    status = fields.Field(attribute="status", column_name="status", widget=ChoicesWidget(FacilityStatus))
    accessibility = fields.Field(attribute="accessibility", column_name="accessibility", widget=ListWidget())
    description = fields.Field(attribute="description", column_name="description", widget=TextWidget())
    description_en = fields.Field(attribute="description_en", column_name="description_en", widget=TextWidget())
    last_verified = fields.Field(attribute="last_verified", column_name="last_verified", widget=DayWidget())
    is_illustrative = fields.Field(attribute="is_illustrative", column_name="is_illustrative", widget=YesNoWidget())

    class Meta:
        import_id_fields = ["code"]
        instance_loader_class = CodeInstanceLoader
        skip_unchanged = True
        report_skipped = True
        clean_model_instances = True
        use_transactions = True
        skip_html_diff = True

    def get_queryset(self):
        return super().get_queryset().select_related("community")

    def saved_sub_district_ids(self, instance) -> set[int]:
        community = Community.objects.filter(pk=instance.community_id).values_list("sub_district_id", flat=True).first()
        return {community} if community is not None else set()

    def row_sub_district_ids(self, instance, row):
        community = getattr(instance, "community", None) if instance.community_id else None
        return {community.sub_district_id} if community is not None else None

    def after_init_instance(self, instance, new, row, **kwargs):
        instance.kind = self.kind  # before validation: every facility has its kind
        super().after_init_instance(instance, new, row, **kwargs)

    def after_import(self, dataset, result, **kwargs):
        super().after_import(dataset, result, **kwargs)
        if kwargs.get("dry_run") or result.has_errors() or result.has_validation_errors():
            return
        ids = [int(row.object_id) for row in result.rows if row.object_id and row.import_type in ("new", "update")]
        if ids:
            registry.facilities_changed(ids)  # coverage and caches follow (inside the transaction)
