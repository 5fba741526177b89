from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class PlacesConfig(AppConfig):
    name = "apps.places"
    label = "places"
    verbose_name = _("Places")

    def ready(self) -> None:
        from apps.core.contributions import CacheNamespace, NavigationEntry, contribute

        from . import open_state
        from .postgis import ensure_postgis_after_migrate

        open_state.connect()
        post_migrate.connect(ensure_postgis_after_migrate, sender=self, dispatch_uid="places_postgis")
        contribute(
            self,
            NavigationEntry("/nearby/", _("Near me"), order=20),
            CacheNamespace("places", facilities=True, models=(
                "places.subdistrict", "places.community", "places.facility", "places.openinghours",
                "places.openingexception", "places.facilityphoto")),
        )
