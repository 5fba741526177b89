from apps.places.kind_api import kind_api_urlpatterns

from .api import HealthInstitutionSerializer
from .filters import HealthFilter
from .models import HealthInstitution
from .selectors import health_institutions

urlpatterns = kind_api_urlpatterns(
    prefix="health", name="health", app="health", selectors=health_institutions, model=HealthInstitution,
    serializer=HealthInstitutionSerializer, filterset_class=HealthFilter,
    summary="Health institutions (社区卫生服务中心（站）与医院)",
    description="Published community health service centres and stations and hospitals, with the hospital "
    "grade, services and membership of the test-result mutual-recognition group. Filters: street "
    "(sub-district id), community (id), search, open_now, type (community_centre, community_station, "
    "hospital; any of), grade (3a, 3b, 2a, 2b, 1; any of), service (gp, vaccination, chronic_followup, tcm; "
    "all of), mutual_recognition.",
    detail_summary="One health institution",
)
