import factory

from apps.health.models import HealthInstitution, InstitutionType
from tests.factories import FacilityBaseFactory


class HealthInstitutionFactory(FacilityBaseFactory):
    class Meta:
        model = HealthInstitution

    kind = "health"
    name = factory.Sequence(lambda n: f"测试社区卫生服务站{n}")
    name_en = factory.Sequence(lambda n: f"Test community health station {n}")
    address = "硚口区测试路7号"
    institution_type = InstitutionType.COMMUNITY_STATION
    gp = True
