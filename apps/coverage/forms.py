from django import forms
from django.utils.translation import gettext_lazy as _

from apps.places import registry
from apps.places.models import SubDistrict

from .models import coverage_kinds


def kind_choices() -> list[tuple[str, object]]:
    """(kind, label) of the kinds coverage is computed for (the registered kinds')."""
    return [(kind, label) for kind, label in registry.kind_choices() if kind in coverage_kinds()]


def default_kind() -> str:
    kinds = coverage_kinds()
    return kinds[0] if kinds else ""


class KindChoiceField(forms.ChoiceField):
    """The coverage kinds, read when the form is made (the kinds' apps register at start-up)."""

    def __init__(self, **kwargs):
        super().__init__(label=_("Service"), choices=kind_choices, **kwargs)


class StreetChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.display_name


class CoverageFilterForm(forms.Form):
    kind = KindChoiceField(initial=default_kind)
    street = StreetChoiceField(
        label=_("Sub-district"), queryset=SubDistrict.objects.all(), required=False,
        empty_label=_("Whole district"),
    )

    @classmethod
    def from_query(cls, query):
        data = {"kind": query.get("kind") or default_kind(), "street": query.get("street") or ""}
        return cls(data)


class WhatIfForm(forms.Form):
    kind = KindChoiceField(initial=default_kind)
    lat = forms.FloatField(
        label=_("Latitude (WGS-84)"), min_value=-90, max_value=90,
        help_text=_("For example 30.5800"),
    )
    lon = forms.FloatField(
        label=_("Longitude (WGS-84)"), min_value=-180, max_value=180,
        help_text=_("For example 114.2500"),
    )


class PlanningForm(forms.Form):
    kind = KindChoiceField(initial=default_kind)
    street = StreetChoiceField(
        label=_("Sub-district"), queryset=SubDistrict.objects.all(), required=False,
        empty_label=_("Whole district"),
    )
