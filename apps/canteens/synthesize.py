"""``generate_facilities`` hook: give freshly created base facilities their canteen rows.
Reproducible: the attributes come only from the seeded ``rng``, in a fixed order."""

from decimal import Decimal

from django.db import DEFAULT_DB_ALIAS, connections

from .models import Canteen, Meal, MealService, SeniorDiscount

OPERATORS = [
    ("社区居委会（合成数据）", "Community committee (synthetic)"),
    ("养老服务中心（合成数据）", "Elderly-care centre (synthetic)"),
    ("餐饮企业（合成数据）", "Catering company (synthetic)"),
]
BATCH = 5000


def fast_insert(connection, model, field_names: list[str], rows: list[tuple]) -> None:
    """Multi-row ``executemany`` of plain values (no model instances): ``generate_facilities``
    must add 100,000 facilities in under a minute. Values must already be database-ready
    (str, int, float, bool, Decimal, None; times as ``HH:MM:SS`` text)."""
    quote = connection.ops.quote_name
    columns = ", ".join(quote(model._meta.get_field(name).column) for name in field_names)
    placeholders = ", ".join(["%s"] * len(field_names))
    sql = f"INSERT INTO {quote(model._meta.db_table)} ({columns}) VALUES ({placeholders})"  # noqa: S608
    with connection.cursor() as cursor:
        for start in range(0, len(rows), BATCH):
            cursor.executemany(sql, rows[start:start + BATCH])


def connection_of(facilities):
    alias = getattr(facilities[0]._state, "db", None) if facilities else None
    return connections[alias or DEFAULT_DB_ALIAS]


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
    fast_insert(connection, Canteen, ["facility_ptr", "operator", "operator_en", "seats", "home_delivery",
                                      "delivery_note", "delivery_note_en"], canteens)
    fast_insert(connection, MealService, ["canteen", "meal", "starts", "ends", "price"], services)
    fast_insert(connection, SeniorDiscount, ["canteen", "min_age", "max_age", "discount"], discounts)
    return len(canteens)
