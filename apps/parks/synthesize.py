"""``generate_facilities`` hook: give freshly created base facilities their park rows and a
few amenities each. Reproducible: attributes come only from the seeded ``rng``, in order."""

from datetime import date, timedelta

from apps.places.generation import connection_of, insert_rows

from .models import Amenity, AmenityType, DatePrecision, Park, ParkType

AMENITIES = list(AmenityType.values)


def synthesize(facilities, rng) -> int:
    if not facilities:
        return 0
    parks, amenities = [], []
    for facility in facilities:
        roll = rng.random()
        if roll < 0.7:
            park_type, area = ParkType.POCKET.value, rng.randint(300, 5_000)
        elif roll < 0.93:
            park_type, area = ParkType.CITY.value, rng.randint(10_000, 120_000)
        else:
            park_type, area = ParkType.RIVERSIDE.value, rng.randint(50_000, 400_000)
        green = int(area * rng.uniform(0.45, 0.85))
        parking = rng.choice((0, 0, 0, 20, 60, 150)) if park_type != ParkType.POCKET else 0
        opened = date(2005, 1, 1) + timedelta(days=rng.randrange(20 * 365))
        parks.append((facility.pk, park_type, area, green, opened.isoformat(), DatePrecision.DAY.value, parking))
        for amenity in rng.sample(AMENITIES, rng.randint(1, 4)):
            amenities.append((facility.pk, amenity, "", ""))
    connection = connection_of(facilities)
    insert_rows(connection, Park, ["facility_ptr", "park_type", "area_m2", "green_area_m2", "opened_on",
                                   "opened_on_precision", "parking_spaces"], parks)
    insert_rows(connection, Amenity, ["park", "amenity", "note", "note_en"], amenities)
    return len(parks)
