from django.apps import AppConfig
from django.db.models.signals import post_delete, post_migrate, post_save
from django.utils.translation import gettext_lazy as _


class PlacesConfig(AppConfig):
    name = "apps.places"
    label = "places"
    verbose_name = _("Places")

    def ready(self) -> None:
        from apps.core.contributions import CacheNamespace, NavigationEntry, contribute

        from . import open_state, reference
        from .models import Community, SubDistrict
        from .postgis import ensure_postgis_after_migrate

        open_state.connect()
        for model in (SubDistrict, Community):
            for signal in (post_save, post_delete):
                signal.connect(reference.clear, sender=model, dispatch_uid=f"reference_{model.__name__}")
        post_migrate.connect(ensure_postgis_after_migrate, sender=self, dispatch_uid="places_postgis")
        contribute(
            self,
            NavigationEntry("/nearby/", _("Near me"), order=20),
            CacheNamespace("places", facilities=True, models=(
                "places.subdistrict", "places.community", "places.facility", "places.openinghours",
                "places.openingexception", "places.facilityphoto")),
        )
