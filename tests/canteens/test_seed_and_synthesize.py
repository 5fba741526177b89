import random

import pytest
from django.apps import apps

from apps.canteens import seed
from apps.canteens.models import Canteen, MealService, MenuItem, SeniorDiscount
from apps.canteens.synthesize import synthesize
from apps.places.models import Facility, OpeningException, OpeningHours
from apps.places.registry import kind_info
from tests.factories import CommunityFactory

pytestmark = pytest.mark.django_db


def snapshot():
    models = [Canteen, MealService, SeniorDiscount, MenuItem, OpeningHours, OpeningException,
              Canteen.history.model]
    return {m.__name__: sorted(tuple(sorted((k, str(v)) for k, v in row.items()))
                               for row in m.objects.values()) for m in models}


def test_seed_creates_33_illustrative_canteens_and_is_idempotent(seeded_places, command):
    seed.run(command)
    canteens = Canteen.objects.published()
    assert canteens.count() == 33
    assert all(c.is_illustrative for c in canteens)
    assert all(c.meal_services.exists() and c.discounts.count() == 3 for c in canteens)
    assert "33 senior canteens" in command.stdout.getvalue()
    before = snapshot()
    seed.run(command)
    assert snapshot() == before


def test_registered_kind():
    info = kind_info("canteen")
    assert info.detail_url_name == "canteens:detail"
    assert info.synthesize is synthesize
    assert apps.get_app_config("canteens")


def _base_facilities(n):
    community = CommunityFactory()
    return Facility.objects.bulk_create([
        Facility(kind="canteen", name=f"合成{i}", address="x", community=community,
                 lat=30.5 + i / 1000, lon=114.2, status="published")
        for i in range(n)
    ])


def test_synthesize_is_reproducible_and_creates_rows():
    facilities = _base_facilities(20)
    synthesize(facilities, random.Random(7))
    assert Canteen.objects.count() == 20
    assert MealService.objects.filter(meal="lunch").count() == 20
    first = sorted(MealService.objects.values_list("canteen_id", "meal", "price"))
    first_canteens = sorted(Canteen.objects.values_list("pk", "seats", "home_delivery", "operator"))
    Canteen.objects.all().delete()  # cascades to the facilities too
    facilities = _base_facilities(20)
    synthesize(facilities, random.Random(7))
    offset = facilities[0].pk - first_canteens[0][0]
    assert sorted((pk - offset, *rest) for pk, *rest in Canteen.objects.values_list(
        "pk", "seats", "home_delivery", "operator")) == first_canteens
    assert sorted((cid - offset, meal, price) for cid, meal, price in MealService.objects.values_list(
        "canteen_id", "meal", "price")) == first
    assert Canteen.objects.published().count() == 20
