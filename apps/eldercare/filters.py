"""One FilterSet for the API and the page: ``street``, ``community``, ``search``,
``open_now``, ``level`` (any of), ``service`` (all of), ``home_service``. Bad values are
reported per parameter (400 in the API)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from apps.places.filters import BitFlagFilter, BitsFilter, FacilityFilterSet

from .models import ElderCareSite, Level, Service


class ElderCareFilter(FacilityFilterSet):
    level = BitsFilter(choices=Level.choices, field_name="level", match="any", label=_("Level"),
                       rare=(ElderCareSite, "level", "pk"), widget=forms.CheckboxSelectMultiple)
    service = BitsFilter(choices=Service.choices, field_name="service", match="all", label=_("Services"),
                         widget=forms.CheckboxSelectMultiple)
    home_service = BitFlagFilter(field_name="home_service", label=_("Serves people at home"))

    class Meta:
        model = ElderCareSite
        fields: list[str] = []
