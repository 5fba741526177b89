from django.utils.translation import gettext_lazy as _

from apps.places import kind_app


class ParksConfig(kind_app.FacilityKindConfig):
    name = "apps.parks"
    label = "parks"
    verbose_name = _("Parks")
    kind_label = _("Park")
    nav_label = _("Parks")
    nav_order = 50
    api_detail_url_name = "api-park-detail"
    generated_name = ("口袋公园", "Pocket park")
    generation_weight = 0.2
    coverage_reach_m = 500
    cache_models = ("parks.park", "parks.amenity")
