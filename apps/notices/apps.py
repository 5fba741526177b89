from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NoticesConfig(AppConfig):
    name = "apps.notices"
    label = "notices"
    verbose_name = _("Notices")

    def ready(self) -> None:
        from apps.core.contributions import contribute
        from apps.places.news import on_facility_news

        from .facility_follows import MY_DATA, PANEL
        from .pending import PENDING_WORK
        from .services.follows import facility_news_publish

        contribute(
            self,
            *PENDING_WORK,  # notices that failed for good
            PANEL,  # "follow this facility" on every facility's page (issue 20)
            MY_DATA,  # what a resident follows, in their download (apps.privacy)
        )
        on_facility_news(facility_news_publish)  # a followed facility closes, changes hours...
