from apps.places.kind_api import kind_api_urlpatterns

from .api import ElderCareDetailSerializer, ElderCareSerializer
from .filters import ElderCareFilter
from .models import ElderCareSite
from .selectors import eldercare_sites

urlpatterns = kind_api_urlpatterns(
    prefix="eldercare", name="eldercare", app="eldercare", selectors=eldercare_sites, model=ElderCareSite,
    serializer=ElderCareSerializer, detail_serializer=ElderCareDetailSerializer, filterset_class=ElderCareFilter,
    summary="Elder-care sites (养老服务设施)",
    description="Published elder-care complexes, community elder service centres and stations, service points "
    "and welfare homes, with services, respite beds, who may use them and home service. Filters: street "
    "(sub-district id), community (id), search, open_now, level (complex_provincial, complex_municipal, centre, "
    "station, hub_point, embedded_point, welfare_home; any of), service (day_care, meal_help, bathing_help, "
    "home_visits, rehabilitation, health_checks, cultural_activities, respite_beds; all of), home_service.",
    detail_summary="One elder-care site, with its nearest senior canteen",
)
