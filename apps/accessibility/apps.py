from django.utils.translation import gettext_lazy as _

from apps.places import kind_app


def _sites_changed(**kwargs) -> None:
    from apps.core.cache import data_changed

    data_changed("places")


class AccessibilityConfig(kind_app.FacilityKindConfig):
    name = "apps.accessibility"
    label = "accessibility"
    verbose_name = _("Accessibility sites")
    kind_label = _("Accessibility site")
    nav_label = _("Accessibility")
    nav_order = 57
    api_detail_url_name = "api-accessibility-site-detail"
    generated_name = ("无障碍设施", "Accessibility site")
    generation_weight = 0.1
    cache_models = ("accessibility.accessibilitysite",)

    def kind_options(self) -> dict:
        # its facilities are where "an accessible entrance or toilet within 100 m" is read
        return {"accessibility_sites": True}

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from .models import AccessibilitySite

        super().ready()
        # every kind's "accessible entrance or toilet nearby" reads the sites: their changes
        # reach every facility list (the shared "places" namespace), not only this kind's
        for signal in (post_save, post_delete):
            signal.connect(_sites_changed, sender=AccessibilitySite, dispatch_uid=f"accessibility-{signal}")
