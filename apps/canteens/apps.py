from django.utils.translation import gettext_lazy as _

from apps.places import kind_app


class CanteensConfig(kind_app.FacilityKindConfig):
    name = "apps.canteens"
    label = "canteens"
    verbose_name = _("Senior canteens")
    kind_label = _("Senior canteen")
    nav_label = _("Senior canteens")
    nav_order = 30
    api_detail_url_name = "api-canteen-detail"
    generated_name = ("幸福食堂", "Senior canteen")
    generation_weight = 0.3
    coverage_reach_m = 1000
    cache_models = ("canteens.canteen", "canteens.mealservice", "canteens.seniordiscount", "canteens.menuitem")
