"""Importing communities' points, boundaries and populations from CSV in the admin
(django-import-export). Rows are matched on the community ``code``."""

import json
from decimal import InvalidOperation

from django.utils.translation import gettext as _
from import_export import fields, resources, widgets

from apps.places.models import Community, SubDistrict

from .services import communities_moved


def validate_boundary(value):
    """A GeoJSON Polygon or MultiPolygon geometry (lon/lat rings of at least 4 positions,
    closed, within WGS-84 ranges), or nothing."""
    if value in (None, "", {}):
        return None
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except json.JSONDecodeError as exc:
            raise ValueError(_("The boundary is not valid JSON.")) from exc
    if not isinstance(value, dict) or value.get("type") not in ("Polygon", "MultiPolygon"):
        raise ValueError(_("The boundary must be a GeoJSON Polygon or MultiPolygon."))
    polygons = value.get("coordinates")
    if value["type"] == "Polygon":
        polygons = [polygons]
    if not isinstance(polygons, list) or not polygons:
        raise ValueError(_("The boundary has no coordinates."))
    for polygon in polygons:
        if not isinstance(polygon, list) or not polygon:
            raise ValueError(_("The boundary has no coordinates."))
        for ring in polygon:
            if not isinstance(ring, list) or len(ring) < 4 or ring[0] != ring[-1]:
                raise ValueError(_("Each boundary ring needs at least 4 positions and must be closed."))
            for position in ring:
                if (
                    not isinstance(position, list | tuple) or len(position) < 2
                    # every member a number (issue 10: true/false and a text altitude passed)
                    or not all(isinstance(c, int | float) and not isinstance(c, bool) for c in position)
                    or not (-180 <= position[0] <= 180 and -90 <= position[1] <= 90)
                ):
                    raise ValueError(_("Boundary positions must be [longitude, latitude] in WGS-84."))
    return value


class BoundaryWidget(widgets.JSONWidget):
    def clean(self, value, row=None, **kwargs):
        return validate_boundary(value)


class BoundedFloatWidget(widgets.FloatWidget):
    def __init__(self, low, high, **kwargs):
        self.low, self.high = low, high
        super().__init__(**kwargs)

    def clean(self, value, row=None, **kwargs):
        number = super().clean(value, row=row, **kwargs)
        if number is None or not self.low <= number <= self.high:
            raise ValueError(_("Must be a number between %(low)s and %(high)s.") % {"low": self.low, "high": self.high})
        return number


class PopulationWidget(widgets.IntegerWidget):
    def clean(self, value, row=None, **kwargs):
        try:
            number = super().clean(value, row=row, **kwargs)
        except (InvalidOperation, OverflowError):  # issue 10: "abc" or "inf" were row crashes
            raise ValueError(_("The population must be a whole number.")) from None
        if number is not None and number < 0:
            raise ValueError(_("The population cannot be negative."))
        return number


class SubDistrictCodeWidget(widgets.ForeignKeyWidget):
    """A sub-district by its code; an unknown code is a message for the row, not a crash."""

    def clean(self, value, row=None, **kwargs):
        if value is None or not str(value).strip():
            raise ValueError(_("Give the sub-district's code."))
        try:
            return super().clean(value, row=row, **kwargs)
        except SubDistrict.DoesNotExist:
            raise ValueError(_("No sub-district has the code “%(code)s”.") % {"code": value}) from None


class CommunityResource(resources.ModelResource):
    """Columns: code, name, name_en, sub_district (its code), lat, lon, population,
    boundary (GeoJSON text), is_illustrative."""

    sub_district = fields.Field(
        attribute="sub_district", column_name="sub_district",
        widget=SubDistrictCodeWidget(SubDistrict, field="code"),
    )
    lat = fields.Field(attribute="lat", column_name="lat", widget=BoundedFloatWidget(-90, 90))
    lon = fields.Field(attribute="lon", column_name="lon", widget=BoundedFloatWidget(-180, 180))
    population = fields.Field(attribute="population", column_name="population", widget=PopulationWidget())
    boundary = fields.Field(attribute="boundary", column_name="boundary", widget=BoundaryWidget())

    class Meta:
        model = Community
        import_id_fields = ["code"]
        fields = ["code", "name", "name_en", "sub_district", "lat", "lon", "population", "boundary", "is_illustrative"]
        export_order = fields
        skip_unchanged = True
        report_skipped = True
        clean_model_instances = True  # issue 10: required fields are row messages, not IntegrityErrors

    def before_import_row(self, row, **kwargs):
        super().before_import_row(row, **kwargs)
        # issue 10: PostgreSQL cannot store (or even compare) text with NUL: a DataError
        if any("\x00" in str(value) for value in row.values() if value is not None):
            from django.core.exceptions import ValidationError

            raise ValidationError(_("A cell of this row contains a NUL character, which is not allowed."))

    def after_import(self, dataset, result, **kwargs):
        super().after_import(dataset, result, **kwargs)
        if kwargs.get("dry_run"):
            return
        ids = [row.object_id for row in result.rows if row.object_id and row.import_type in ("new", "update")]
        communities_moved(community_ids=ids)
