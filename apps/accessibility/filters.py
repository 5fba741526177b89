"""One FilterSet for the API and the page: the shared ones (``street``, ``community``,
``search``, ``open_now``, ``accessible``) and ``site_type`` (any of), ``condition`` (any of),
``serves_kind`` (sites serving a facility of that kind), ``built_in``."""

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from apps.places.filters import BitsFilter, FacilityFilterSet
from apps.places.registry import kind_choices

from .models import AccessibilitySite, Condition, SiteType


class AccessibilitySiteFilter(FacilityFilterSet):
    site_type = BitsFilter(
        choices=SiteType.choices, field_name="site_type", match="any", label=_("Type"),
        widget=forms.CheckboxSelectMultiple,
    )
    condition = BitsFilter(
        choices=Condition.choices, field_name="condition", match="any", label=_("Condition"),
        widget=forms.CheckboxSelectMultiple,
    )
    serves_kind = django_filters.ChoiceFilter(
        choices=kind_choices, field_name="serves_facility__kind", label=_("Serves a"),
        empty_label=_("Any facility or address"),
    )
    built_in = django_filters.NumberFilter(field_name="built_in", label=_("Year built"), min_value=1949,
                                           max_value=2100)

    class Meta:
        model = AccessibilitySite
        fields: list[str] = []
