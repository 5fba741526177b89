"""One FilterSet for the API and the page: ``street``, ``community``, ``search``,
``open_now``, ``type`` and ``grade`` (any of), ``service`` (all of), ``mutual_recognition``.
Bad values are reported per parameter (400 in the API)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from apps.places.filters import (
    CommaMultipleChoiceFilter,
    FacilityFilterSet,
    IndexedChoiceFilter,
    OfferFilter,
    StrictBooleanFilter,
)

from .models import HealthInstitution, HealthService, HospitalGrade, InstitutionType


class HealthFilter(FacilityFilterSet):
    type = IndexedChoiceFilter(choices=InstitutionType.choices, field_name="institution_type",
                               label=_("Type"), widget=forms.CheckboxSelectMultiple)
    grade = CommaMultipleChoiceFilter(choices=HospitalGrade.choices, field_name="grade", label=_("Hospital grade"),
                                      widget=forms.CheckboxSelectMultiple)
    service = OfferFilter(choices=HealthService.choices, label=_("Services"), widget=forms.CheckboxSelectMultiple)
    mutual_recognition = StrictBooleanFilter(field_name="mutual_recognition",
                                             label=_("Recognises other institutions' test results"))

    class Meta:
        model = HealthInstitution
        fields: list[str] = []
