import django_filters
from django.utils.translation import gettext_lazy as _

from apps.places.filters import ReferenceChoiceFilter
from apps.places.models import SubDistrict

from .models import Category, Project, Status


class ProjectFilter(django_filters.FilterSet):
    """Shared by the API, the /projects/ page and the open-data downloads."""

    year = django_filters.NumberFilter(field_name="year", label=_("Year"))
    category = django_filters.ChoiceFilter(choices=Category.choices, label=_("Category"))
    status = django_filters.ChoiceFilter(choices=Status.choices, label=_("Status"))
    street = ReferenceChoiceFilter(
        field_name="sub_districts", queryset=SubDistrict.objects.all(), label=_("Sub-district"),
        distinct=True,
    )

    class Meta:
        model = Project
        fields = ["year", "category", "status", "street"]
