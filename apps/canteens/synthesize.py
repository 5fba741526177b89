"""``generate_facilities`` hook: give freshly created base facilities their canteen rows.
Reproducible: the attributes come only from the seeded ``rng``, in a fixed order."""

from decimal import Decimal

from apps.places.generation import connection_of, insert_rows

from .models import Canteen, Meal, MealService, SeniorDiscount

OPERATORS = [
    ("社区居委会（合成数据）", "Community committee (synthetic)"),
    ("养老服务中心（合成数据）", "Elderly-care centre (synthetic)"),
    ("餐饮企业（合成数据）", "Catering company (synthetic)"),
]


def _price(rng, low: int, high: int) -> Decimal:
    return Decimal(rng.randint(low * 2, high * 2)) / 2


def synthesize(facilities, rng) -> int:
    if not facilities:
        return 0
    canteens, services, discounts = [], [], []
    for facility in facilities:
        pk = facility.pk
        operator, operator_en = OPERATORS[rng.randrange(len(OPERATORS))]
        delivers = rng.random() < 0.5
        canteens.append((pk, operator, operator_en, rng.randrange(20, 121, 4), delivers, "", ""))
        if rng.random() < 0.5:
            services.append((pk, Meal.BREAKFAST.value, "07:00:00", "09:00:00", _price(rng, 4, 8)))
        services.append((pk, Meal.LUNCH.value, "11:00:00", "13:00:00", _price(rng, 12, 18)))
        if rng.random() < 0.6:
            services.append((pk, Meal.DINNER.value, "17:00:00", "18:30:00", _price(rng, 10, 15)))
        base = rng.randint(1, 2)
        for min_age, max_age, extra in ((60, 69, 0), (70, 79, 1), (80, None, 3)):
            discounts.append((pk, min_age, max_age, Decimal(base + extra)))
    connection = connection_of(facilities)
    insert_rows(connection, Canteen, ["facility_ptr", "operator", "operator_en", "seats", "home_delivery",
                                      "delivery_note", "delivery_note_en"], canteens)
    insert_rows(connection, MealService, ["canteen", "meal", "starts", "ends", "price"], services)
    insert_rows(connection, SeniorDiscount, ["canteen", "min_age", "max_age", "discount"], discounts)
    return len(canteens)
