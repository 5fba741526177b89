"""The filters of the public report list, shared by the ``/reports/`` page and the API."""

import datetime as dt

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from apps.places.filters import ReferenceChoiceFilter
from apps.places.models import SubDistrict
from apps.places.registry import kind_choices

from .models import Category, Report, Status
from .working_time import BEIJING


class DateInput(forms.DateInput):
    input_type = "date"


class ReportFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(choices=kind_choices, label=_("Kind of place"), empty_label=_("Any place"))
    category = django_filters.ModelChoiceFilter(
        queryset=Category.objects.all(), to_field_name="code", label=_("Category"),
        empty_label=_("All categories"),
    )
    status = django_filters.ChoiceFilter(choices=Status.choices, label=_("Status"), empty_label=_("Any status"))
    street = ReferenceChoiceFilter(
        queryset=SubDistrict.objects.all(), field_name="sub_district", label=_("Sub-district"),
        empty_label=_("All sub-districts"),
    )
    date_from = django_filters.DateFilter(method="filter_date_from", label=_("Submitted from"), widget=DateInput)
    date_to = django_filters.DateFilter(method="filter_date_to", label=_("Submitted until"), widget=DateInput)

    class Meta:
        model = Report
        fields = ["kind", "category", "status", "street", "date_from", "date_to"]

    # dates are Beijing days; compared as moments so the (…, created_at, id) indexes serve
    def filter_date_from(self, queryset, name, value):
        return queryset.filter(created_at__gte=_day_start(value)) if value else queryset

    def filter_date_to(self, queryset, name, value):
        return queryset.filter(created_at__lt=_day_start(value + dt.timedelta(days=1))) if value else queryset


def _day_start(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time.min, tzinfo=BEIJING)
