"""``generate_facilities`` hook: give freshly created base facilities their canteen rows.
Reproducible: the attributes come only from the seeded ``rng``, in a fixed order."""

from datetime import time
from decimal import Decimal

from .models import Canteen, Meal, MealService, SeniorDiscount

OPERATORS = [
    ("社区居委会（合成数据）", "Community committee (synthetic)"),
    ("养老服务中心（合成数据）", "Elderly-care centre (synthetic)"),
    ("餐饮企业（合成数据）", "Catering company (synthetic)"),
]
BATCH = 2000


def insert_children(model, rows) -> None:
    """Insert only the child table of a multi-table-inherited model (the parent rows exist);
    ``bulk_create`` refuses multi-table models."""
    fields = model._meta.local_concrete_fields
    for start in range(0, len(rows), BATCH):
        model._base_manager._insert(rows[start:start + BATCH], fields=fields)


def _price(rng, low: int, high: int) -> Decimal:
    return Decimal(rng.randint(low * 2, high * 2)) / 2


def synthesize(facilities, rng) -> int:
    canteens, services, discounts = [], [], []
    for facility in facilities:
        operator, operator_en = OPERATORS[rng.randrange(len(OPERATORS))]
        delivers = rng.random() < 0.5
        canteens.append(Canteen(
            facility_ptr_id=facility.pk, operator=operator, operator_en=operator_en,
            seats=rng.randrange(20, 121, 4), home_delivery=delivers,
        ))
        if rng.random() < 0.5:
            services.append(MealService(canteen_id=facility.pk, meal=Meal.BREAKFAST, starts=time(7),
                                        ends=time(9), price=_price(rng, 4, 8)))
        services.append(MealService(canteen_id=facility.pk, meal=Meal.LUNCH, starts=time(11),
                                    ends=time(13), price=_price(rng, 12, 18)))
        if rng.random() < 0.6:
            services.append(MealService(canteen_id=facility.pk, meal=Meal.DINNER, starts=time(17),
                                        ends=time(18, 30), price=_price(rng, 10, 15)))
        base = rng.randint(1, 2)
        for min_age, max_age, extra in ((60, 69, 0), (70, 79, 1), (80, None, 3)):
            discounts.append(SeniorDiscount(canteen_id=facility.pk, min_age=min_age, max_age=max_age,
                                            discount=Decimal(base + extra)))
    insert_children(Canteen, canteens)
    MealService.objects.bulk_create(services, batch_size=BATCH)
    SeniorDiscount.objects.bulk_create(discounts, batch_size=BATCH)
    return len(canteens)
