"""One FilterSet for the API and the page: ``street``, ``community``, ``search``,
``open_now``, ``type`` and ``grade`` (any of), ``service`` (all of), ``mutual_recognition``.
Bad values are reported per parameter (400 in the API)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from apps.places.filters import BitFlagFilter, BitsFilter, FacilityFilterSet

from .models import HealthInstitution, HealthService, HospitalGrade, InstitutionType


class HealthFilter(FacilityFilterSet):
    type = BitsFilter(choices=InstitutionType.choices, field_name="type", match="any", label=_("Type"),
                      rare=(HealthInstitution, "institution_type", "pk"), widget=forms.CheckboxSelectMultiple)
    grade = BitsFilter(choices=HospitalGrade.choices, field_name="grade", match="any", label=_("Hospital grade"),
                       widget=forms.CheckboxSelectMultiple)
    service = BitsFilter(choices=HealthService.choices, field_name="service", match="all", label=_("Services"),
                         widget=forms.CheckboxSelectMultiple)
    mutual_recognition = BitFlagFilter(field_name="mutual_recognition",
                                       label=_("Recognises other institutions' test results"))

    class Meta:
        model = HealthInstitution
        fields: list[str] = []
