from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ElderCareConfig(AppConfig):
    name = "apps.eldercare"
    label = "eldercare"
    verbose_name = _("Elder care")

    def ready(self):
        from apps.places.kit import register_facility_kind
        from apps.places.registry import KindInfo

        from .models import KIND
        from .synthesize import synthesize

        register_facility_kind(self, KindInfo(
            kind=KIND,
            label=_("Elder-care site"),
            detail_url_name="eldercare:detail",
            list_url_name="eldercare:list",
            api_detail_url_name="api-eldercare-detail",
            synthesize=synthesize,
            generated_name=("老年人服务站", "Elder service station"),
            # the 15-minute walk of the district's "15-minute living circle" (about 1 km)
            coverage_reach_m=1000,
        ), nav_path="/eldercare/", nav_label=_("Elder care"), nav_order=35, cache_models=["eldercare.eldercaresite"])
