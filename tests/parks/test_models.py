import pytest
from django.db import IntegrityError, transaction

from apps.parks.models import Park

from .factories import ParkFactory, park_with

pytestmark = pytest.mark.django_db


def test_park_is_a_facility():
    park = ParkFactory()
    assert park.facility_ptr.kind == "park"
    assert park.facility_ptr.park == park


def test_green_area_cannot_exceed_area():
    with pytest.raises(IntegrityError), transaction.atomic():
        ParkFactory(area_m2=100, green_area_m2=200)


def test_green_percent():
    assert ParkFactory(area_m2=2000, green_area_m2=1500).green_percent == 75
    assert ParkFactory(area_m2=None, green_area_m2=None).green_percent is None


def test_with_amenities_requires_all():
    both = park_with("toilets", "fitness")
    park_with("toilets")
    assert list(Park.objects.with_amenities("toilets", "fitness")) == [both]
    assert Park.objects.with_amenities("toilets").count() == 2


def test_history():
    park = ParkFactory(parking_spaces=0)
    park.parking_spaces = 474
    park.save()
    assert park.history.count() == 2
