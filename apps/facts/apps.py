from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FactsConfig(AppConfig):
    name = "apps.facts"
    label = "facts"
    verbose_name = _("Reported facts")
