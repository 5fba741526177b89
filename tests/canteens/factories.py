from datetime import time
from decimal import Decimal

import factory

from apps.canteens.models import Canteen, Meal, MealService, MenuItem, SeniorDiscount
from apps.places.models import OpeningHours
from tests.factories import FacilityBaseFactory


class CanteenFactory(FacilityBaseFactory):
    class Meta:
        model = Canteen

    kind = "canteen"
    name = factory.Sequence(lambda n: f"测试幸福食堂{n}")
    name_en = factory.Sequence(lambda n: f"Test Canteen {n}")
    address = "硚口区测试路1号"
    operator = "社区居委会"
    operator_en = "Community committee"
    seats = 40
    home_delivery = False


class MealServiceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MealService

    canteen = factory.SubFactory(CanteenFactory)
    meal = Meal.LUNCH
    starts = time(11)
    ends = time(13)
    price = Decimal("15.00")


class SeniorDiscountFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SeniorDiscount

    canteen = factory.SubFactory(CanteenFactory)
    min_age = 60
    max_age = 69
    discount = Decimal("2.00")


class MenuItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MenuItem

    canteen = factory.SubFactory(CanteenFactory)
    weekday = 0
    meal = Meal.LUNCH
    position = factory.Sequence(lambda n: n)
    dish = "红烧肉"
    dish_en = "Braised pork"


def always_open(facility):
    for day in range(7):
        OpeningHours.objects.create(facility=facility, weekday=day, opens=time(0), closes=time(0))


def full_canteen(**kwargs) -> Canteen:
    """A canteen with breakfast and lunch, three age bands, hours, a menu: the detail page's data."""
    canteen = CanteenFactory(**kwargs)
    MealServiceFactory(canteen=canteen, meal=Meal.BREAKFAST, starts=time(7), ends=time(9), price=Decimal("6"))
    MealServiceFactory(canteen=canteen, meal=Meal.LUNCH)
    for lo, hi, d in ((60, 69, 1), (70, 79, 2), (80, None, 4)):
        SeniorDiscountFactory(canteen=canteen, min_age=lo, max_age=hi, discount=Decimal(d))
    for day in range(5):
        OpeningHours.objects.create(facility=canteen, weekday=day, opens=time(7), closes=time(19))
        MenuItemFactory(canteen=canteen, weekday=day, meal=Meal.LUNCH, position=0)
    return canteen
