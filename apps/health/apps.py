from django.utils.translation import gettext_lazy as _

from apps.places import kind_app


class HealthConfig(kind_app.FacilityKindConfig):
    name = "apps.health"
    label = "health"
    verbose_name = _("Health")
    kind_label = _("Health institution")
    nav_label = _("Health")
    nav_order = 55
    generated_name = ("社区卫生服务站", "Community health station")
    generation_weight = 0.1  # a share of a mixed generate_facilities run: every kind in the 1M benchmark
    coverage_reach_m = 1000  # community health within a 15-minute walk (about 1 km), as elder care
    cache_models = ("health.healthinstitution",)
