from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BackofficeConfig(AppConfig):
    """The officials' back office across domains: bulk import/export jobs and the
    pending-work admin home. Domain apps own their models and admins; this app only
    offers the shared machinery they plug into."""

    name = "apps.backoffice"
    label = "backoffice"
    verbose_name = _("Back office")

    def ready(self) -> None:
        from django.contrib import admin

        # the admin home shows each user's pending work (apps/backoffice/pending.py)
        admin.site.index_template = "admin/pending_index.html"
