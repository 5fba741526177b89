"""``generate_facilities`` hook: give freshly created base facilities their car-park rows.
Reproducible: attributes come only from the seeded ``rng``, in order. No live counts (those
come from operators)."""

from decimal import Decimal

from apps.places.generation import connection_of, insert_rows

from .models import CarPark, CarParkType

TYPES = [(CarParkType.UNDERGROUND.value, 80, 600), (CarParkType.MULTI_STOREY.value, 150, 900),
         (CarParkType.ON_STREET.value, 8, 60), (CarParkType.RESIDENTIAL_SHARED.value, 20, 200)]
TARIFFS = [("首小时5元，之后每小时3元", "¥5 the first hour, then ¥3 an hour"),
           ("每小时4元，每日封顶30元", "¥4 an hour, at most ¥30 a day"), ("免费", "Free")]


def synthesize(facilities, rng) -> int:
    if not facilities:
        return 0
    rows = []
    for facility in facilities:
        car_park_type, low, high = TYPES[rng.randrange(len(TYPES))]
        total = rng.randint(low, high)
        tariff, tariff_en = TARIFFS[rng.randrange(len(TARIFFS))]
        height = Decimal(rng.choice(("2.1", "2.2", "2.4"))) if car_park_type == CarParkType.UNDERGROUND else None
        rows.append((facility.pk, car_park_type, total, total // 50, total // rng.choice((8, 10, 20)), tariff,
                     tariff_en, height))
    insert_rows(connection_of(facilities), CarPark, [
        "facility_ptr", "car_park_type", "spaces_total", "accessible_spaces", "ev_spaces", "tariff", "tariff_en",
        "height_limit_m"], rows)
    return len(rows)
