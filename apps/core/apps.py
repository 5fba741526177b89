from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "apps.core"
    label = "core"
    verbose_name = _("Portal core")

    def ready(self):
        from . import logging as portal_logging

        # request ids and personal-data redaction in every log record
        portal_logging.install()
        from . import choices

        # issue 21: get_<field>_display() reads a label map built once per field
        choices.install()
        from django.contrib import admin

        # issue 9: cached public fragments follow changes of the models each app declares in
        # its CacheNamespace (the signals are connected as the apps contribute them)
        from . import cache  # noqa: F401

        # issue 19: the admin is the district's back office, in the reader's language
        admin.site.site_header = _("Qiaokou District services back office")
        admin.site.site_title = _("Qiaokou back office")
        admin.site.index_title = _("Back office home")
