from django import forms
from django.utils.translation import gettext_lazy as _

from apps.places.models import FacilityKind, SubDistrict

from .models import COVERAGE_KINDS

KIND_CHOICES = [(k.value, k.label) for k in FacilityKind if k in COVERAGE_KINDS]


class StreetChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.display_name


class CoverageFilterForm(forms.Form):
    kind = forms.ChoiceField(label=_("Service"), choices=KIND_CHOICES, initial=FacilityKind.CANTEEN)
    street = StreetChoiceField(
        label=_("Sub-district"), queryset=SubDistrict.objects.all(), required=False,
        empty_label=_("Whole district"),
    )

    @classmethod
    def from_query(cls, query):
        data = {"kind": query.get("kind") or FacilityKind.CANTEEN, "street": query.get("street") or ""}
        return cls(data)


class WhatIfForm(forms.Form):
    kind = forms.ChoiceField(label=_("Service"), choices=KIND_CHOICES, initial=FacilityKind.CANTEEN)
    lat = forms.FloatField(
        label=_("Latitude (WGS-84)"), min_value=-90, max_value=90,
        help_text=_("For example 30.5800"),
    )
    lon = forms.FloatField(
        label=_("Longitude (WGS-84)"), min_value=-180, max_value=180,
        help_text=_("For example 114.2500"),
    )


class PlanningForm(forms.Form):
    kind = forms.ChoiceField(label=_("Service"), choices=KIND_CHOICES, initial=FacilityKind.CANTEEN)
    street = StreetChoiceField(
        label=_("Sub-district"), queryset=SubDistrict.objects.all(), required=False,
        empty_label=_("Whole district"),
    )
