from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HousingSwapConfig(AppConfig):
    name = "apps.housing_swap"
    label = "housing_swap"
    verbose_name = _("Housing swap")
