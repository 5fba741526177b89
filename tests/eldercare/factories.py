import factory

from apps.eldercare.models import ElderCareSite, Level
from apps.places.models import FacilityStatus
from tests.factories import CommunityFactory


class ElderCareSiteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ElderCareSite

    kind = "eldercare"
    name = factory.Sequence(lambda n: f"测试养老服务站{n}")
    name_en = factory.Sequence(lambda n: f"Test elder service station {n}")
    address = "硚口区测试路5号"
    community = factory.SubFactory(CommunityFactory)
    lat = 30.58
    lon = 114.25
    status = FacilityStatus.PUBLISHED
    level = Level.STATION
    day_care = True
    cultural_activities = True
