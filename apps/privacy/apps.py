from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrivacyConfig(AppConfig):
    """A resident's rights over their own data (PIPL Art. 45 and 47, issue 18 item 13):
    download everything the portal holds about them, and close the account. The apps that
    hold such data hand it over with ``PersonalDataSource`` contributions
    (apps/core/contributions.py); this app imports none of them."""

    name = "apps.privacy"
    label = "privacy"
    verbose_name = _("My data")
