import factory

from apps.health.models import HealthInstitution, InstitutionType
from apps.places.models import FacilityStatus
from tests.factories import CommunityFactory


class HealthInstitutionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = HealthInstitution

    kind = "health"
    name = factory.Sequence(lambda n: f"测试社区卫生服务站{n}")
    name_en = factory.Sequence(lambda n: f"Test community health station {n}")
    address = "硚口区测试路7号"
    community = factory.SubFactory(CommunityFactory)
    lat = 30.58
    lon = 114.25
    status = FacilityStatus.PUBLISHED
    institution_type = InstitutionType.COMMUNITY_STATION
    gp = True
