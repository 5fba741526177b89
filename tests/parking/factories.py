import factory
from django.utils import timezone

from apps.parking.models import CarPark, CarParkType, ParkingOperator, ParkingOperatorAccount
from tests.factories import FacilityFactory, UserFactory


class ParkingOperatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ParkingOperator
        django_get_or_create = ("code",)

    code, name = factory.Sequence(lambda n: f"pop{n}"), factory.Sequence(lambda n: f"停车运营{n}")


class CarParkFactory(FacilityFactory):
    """A published car park (the shared facility defaults, its own fields)."""

    class Meta:
        model = CarPark

    kind = "parking"
    operator = factory.SubFactory(ParkingOperatorFactory)
    car_park_type, spaces_total, accessible_spaces, ev_spaces = CarParkType.UNDERGROUND, 100, 2, 0


def reported(car_park, free: int, *, minutes_ago: float = 0):
    """Set a car park's live count as a report ``minutes_ago`` would have."""
    at = timezone.now() - timezone.timedelta(minutes=minutes_ago)
    CarPark.objects.filter(pk=car_park.pk).update(free_spaces=free, free_spaces_reported_at=at)
    car_park.free_spaces, car_park.free_spaces_reported_at = free, at
    return car_park


class ParkingOperatorAccountFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ParkingOperatorAccount

    user = factory.SubFactory(UserFactory)
    operator = factory.SubFactory(ParkingOperatorFactory)
