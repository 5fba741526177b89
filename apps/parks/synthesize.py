"""``generate_facilities`` hook: give freshly created base facilities their park rows and a
few amenities each. Reproducible: attributes come only from the seeded ``rng``, in order."""

from datetime import date, timedelta

from .models import Amenity, AmenityType, Park, ParkType

BATCH = 2000
AMENITIES = list(AmenityType.values)


def insert_children(model, rows) -> None:
    """Insert only the child table of a multi-table-inherited model (the parent rows exist);
    ``bulk_create`` refuses multi-table models."""
    fields = model._meta.local_concrete_fields
    for start in range(0, len(rows), BATCH):
        model._base_manager._insert(rows[start:start + BATCH], fields=fields)


def synthesize(facilities, rng) -> int:
    parks, amenities = [], []
    for facility in facilities:
        roll = rng.random()
        if roll < 0.7:
            park_type, area = ParkType.POCKET, rng.randint(300, 5_000)
        elif roll < 0.93:
            park_type, area = ParkType.CITY, rng.randint(10_000, 120_000)
        else:
            park_type, area = ParkType.RIVERSIDE, rng.randint(50_000, 400_000)
        green = int(area * rng.uniform(0.45, 0.85))
        parking = rng.choice((0, 0, 0, 20, 60, 150)) if park_type != ParkType.POCKET else 0
        parks.append(Park(
            facility_ptr_id=facility.pk, park_type=park_type, area_m2=area, green_area_m2=green,
            opened_on=date(2005, 1, 1) + timedelta(days=rng.randrange(20 * 365)), parking_spaces=parking,
        ))
        for amenity in rng.sample(AMENITIES, rng.randint(1, 4)):
            amenities.append(Amenity(park_id=facility.pk, amenity=amenity))
    insert_children(Park, parks)
    Amenity.objects.bulk_create(amenities, batch_size=BATCH)
    return len(parks)
