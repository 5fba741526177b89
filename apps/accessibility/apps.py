from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def _sites_changed(**kwargs) -> None:
    from apps.core.cache import data_changed

    data_changed("places")


class AccessibilityConfig(AppConfig):
    name = "apps.accessibility"
    label = "accessibility"
    verbose_name = _("Accessibility sites")

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from apps.core.contributions import CacheNamespace, NavigationEntry, contribute
        from apps.places.registry import KindInfo, register_kind

        from .models import KIND, AccessibilitySite
        from .synthesize import synthesize

        register_kind(KindInfo(
            kind=KIND, label=_("Accessibility site"), detail_url_name="accessibility:detail",
            list_url_name="accessibility:list", api_detail_url_name="api-accessibility-site-detail",
            synthesize=synthesize, generated_name=("无障碍设施", "Accessibility site"), generation_weight=0.1,
            # its facilities are where "an accessible entrance or toilet within 100 m" is read
            accessibility_sites=True,
        ))
        # every kind's "accessible entrance or toilet nearby" reads the sites: their changes
        # reach every facility list (the shared "places" namespace), not only this kind's
        for signal in (post_save, post_delete):
            signal.connect(_sites_changed, sender=AccessibilitySite, dispatch_uid=f"accessibility-{signal}")
        contribute(
            self,
            NavigationEntry("/accessibility/", _("Accessibility"), order=57),
            CacheNamespace("accessibility", facilities=True, models=("accessibility.accessibilitysite",)),
        )
