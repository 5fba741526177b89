from django.utils.translation import gettext_lazy as _

from apps.places import kind_app


class ElderCareConfig(kind_app.FacilityKindConfig):
    name = "apps.eldercare"
    label = "eldercare"
    verbose_name = _("Elder care")
    kind_label = _("Elder-care site")
    nav_label = _("Elder care")
    nav_order = 35
    generated_name = ("老年人服务站", "Elder service station")
    generation_weight = 0.15  # a share of a mixed generate_facilities run: every kind in the 1M benchmark
    coverage_reach_m = 1000  # the 15-minute walk of the "15-minute living circle" (about 1 km)
    cache_models = ("eldercare.eldercaresite",)
