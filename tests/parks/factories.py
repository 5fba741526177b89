import factory

from apps.parks.models import Amenity, AmenityType, Park, ParkType
from tests.factories import FacilityBaseFactory


class ParkFactory(FacilityBaseFactory):
    class Meta:
        model = Park

    kind = "park"
    name = factory.Sequence(lambda n: f"测试公园{n}")
    name_en = factory.Sequence(lambda n: f"Test Park {n}")
    address = "硚口区测试路3号"
    park_type = ParkType.POCKET
    area_m2 = 2000
    green_area_m2 = 1200


class AmenityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Amenity

    park = factory.SubFactory(ParkFactory)
    amenity = AmenityType.SEATING


def park_with(*amenities, **kwargs) -> Park:
    park = ParkFactory(**kwargs)
    for amenity in amenities:
        AmenityFactory(park=park, amenity=amenity)
    return park
