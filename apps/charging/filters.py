"""One FilterSet for the API and the page: ``street``, ``community``, ``search``,
``open_now``, ``connector`` (any of; repeatable or comma list), ``min_power_kw``,
``available``, ``power_type``, ``public``. Bad values are reported per parameter (400 in
the API)."""

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from apps.places.models import Community, SubDistrict

from .models import ChargingStation, ConnectorStandard, PowerType
from .selectors import local_now, open_at_q

TRUE_VALUES = {"true", "1", "yes", "on"}
FALSE_VALUES = {"false", "0", "no", "off"}


class BooleanCheckbox(forms.CheckboxInput):
    """A checkbox that hands the raw value to the field (so a bad value is an error) and
    always submits ``true`` when ticked."""

    def __init__(self, attrs=None):
        super().__init__(attrs, check_test=lambda v: str(v).strip().lower() in TRUE_VALUES)

    def format_value(self, value):
        return "true"

    def value_from_datadict(self, data, files, name):
        return data.get(name)

    def value_omitted_from_data(self, data, files, name):
        return name not in data


class StrictBooleanField(forms.Field):
    """``true``/``false`` (also 1/0, yes/no, on/off); anything else is an error, not ignored."""

    widget = BooleanCheckbox

    def to_python(self, value):
        if value in (None, "", [], False):
            return None
        if value is True:
            return True
        text = str(value).strip().lower()
        if text in TRUE_VALUES:
            return True
        if text in FALSE_VALUES:
            return False
        raise ValidationError(_("Enter true or false."), code="invalid")

    def validate(self, value):
        pass


class StrictBooleanFilter(django_filters.Filter):
    field_class = StrictBooleanField


class CommaMultipleChoiceField(forms.MultipleChoiceField):
    """Repeated parameters and/or comma lists (``connector=gbt_dc,ccs2``), case-insensitive."""

    def to_python(self, value):
        values = super().to_python(value)
        out = []
        for item in values:
            out.extend(part.strip().lower() for part in item.split(",") if part.strip())
        return out


class CommaMultipleChoiceFilter(django_filters.MultipleChoiceFilter):
    field_class = CommaMultipleChoiceField


class ChargingStationFilter(django_filters.FilterSet):
    street = django_filters.ModelChoiceFilter(
        queryset=SubDistrict.objects.all(), field_name="community__sub_district",
        label=_("Sub-district"), empty_label=_("All sub-districts"),
    )
    community = django_filters.ModelChoiceFilter(
        queryset=Community.objects.all(), field_name="community",
        label=_("Community"), empty_label=_("All communities"),
    )
    search = django_filters.CharFilter(method="filter_search", label=_("Search"), max_length=100)
    open_now = StrictBooleanFilter(method="filter_open_now", label=_("Open now"))
    connector = CommaMultipleChoiceFilter(
        choices=ConnectorStandard.choices, method="filter_connector", label=_("Connector"),
        widget=forms.CheckboxSelectMultiple,
    )
    min_power_kw = django_filters.NumberFilter(
        method="filter_min_power", label=_("Minimum power (kW)"), min_value=0, max_value=2000,
    )
    available = StrictBooleanFilter(method="filter_available", label=_("Available now"))
    power_type = django_filters.ChoiceFilter(
        choices=PowerType.choices, method="filter_power_type", label=_("Power type"),
        empty_label=_("AC or DC"),
    )
    public = StrictBooleanFilter(field_name="is_public", label=_("Open to the public"))

    class Meta:
        model = ChargingStation
        fields: list[str] = []

    def filter_search(self, queryset, name, value):
        return queryset.search(value)

    @extend_schema_field(OpenApiTypes.BOOL)
    def filter_open_now(self, queryset, name, value):
        if value is None:
            return queryset
        condition = open_at_q(local_now())
        return queryset.filter(condition) if value else queryset.exclude(condition)

    def filter_connector(self, queryset, name, value):
        return queryset.with_connector(*value) if value else queryset

    def filter_min_power(self, queryset, name, value):
        return queryset if value is None else queryset.with_min_power(value)

    @extend_schema_field(OpenApiTypes.BOOL)
    def filter_available(self, queryset, name, value):
        if value is None:
            return queryset
        available = queryset.available_now()
        return available if value else queryset.exclude(pk__in=available.values("pk"))

    def filter_power_type(self, queryset, name, value):
        return queryset.with_power_type(value) if value else queryset
