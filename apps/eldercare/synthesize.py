"""``generate_facilities`` hook: give freshly created base facilities their elder-care rows.
Reproducible: the attributes come only from the seeded ``rng``, in a fixed order."""

from apps.places.generation import connection_of, insert_rows

from .models import ElderCareSite, Level
from .resources import FLAGS

# levels in the proportions the district reported (6 complexes, 84 centres/stations, 39 points)
LEVELS = [(Level.COMPLEX_PROVINCIAL, 3), (Level.COMPLEX_MUNICIPAL, 3), (Level.CENTRE, 11), (Level.STATION, 73),
          (Level.HUB_POINT, 8), (Level.EMBEDDED_POINT, 31)]
COLUMNS = ["facility_ptr", "level", "operator", "operator_en", "contact", "eligibility", "eligibility_en", *FLAGS,
           "respite_beds", "home_service", "home_service_radius_m"]


def synthesize(facilities, rng) -> int:
    if not facilities:
        return 0
    levels = [level.value for level, _n in LEVELS]
    weights = [n for _level, n in LEVELS]
    rows = []
    for facility in facilities:
        level = rng.choices(levels, weights)[0]
        flags = [rng.random() < 0.5 for _flag in FLAGS]
        beds = rng.choice((0, 0, 0, 4, 10, 30)) if level.startswith("complex") or level == Level.CENTRE else 0
        home = rng.random() < 0.4
        radius = rng.choice((500, 1000, 1500, 3000)) if home else None
        rows.append((facility.pk, level, "街道办（合成数据）", "Sub-district office (synthetic)", "",
                     "辖区60岁以上老年人", "Residents aged 60 and over", *flags, beds, home, radius))
    insert_rows(connection_of(facilities), ElderCareSite, COLUMNS, rows)
    return len(rows)
