import factory

from apps.eldercare.models import ElderCareSite, Level
from tests.factories import FacilityBaseFactory


class ElderCareSiteFactory(FacilityBaseFactory):
    class Meta:
        model = ElderCareSite

    kind = "eldercare"
    name = factory.Sequence(lambda n: f"测试养老服务站{n}")
    name_en = factory.Sequence(lambda n: f"Test elder service station {n}")
    address = "硚口区测试路5号"
    level = Level.STATION
    day_care = True
    cultural_activities = True
