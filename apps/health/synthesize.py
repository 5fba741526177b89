"""``generate_facilities`` hook: give freshly created base facilities their health rows.
Reproducible: the attributes come only from the seeded ``rng``, in a fixed order."""

from apps.places.generation import connection_of, insert_rows

from .models import HealthInstitution, HealthService, HospitalGrade, InstitutionType

TYPES = [(InstitutionType.COMMUNITY_STATION, 6), (InstitutionType.COMMUNITY_CENTRE, 3), (InstitutionType.HOSPITAL, 1)]
COLUMNS = ["facility_ptr", "institution_type", "grade", *HealthService.values, "mutual_recognition"]


def synthesize(facilities, rng) -> int:
    if not facilities:
        return 0
    types = [kind.value for kind, _n in TYPES]
    weights = [n for _kind, n in TYPES]
    grades = HospitalGrade.values
    rows = []
    for facility in facilities:
        institution_type = rng.choices(types, weights)[0]
        grade = rng.choice(grades) if institution_type == InstitutionType.HOSPITAL else ""
        services = [rng.random() < 0.7 for _service in HealthService.values]
        rows.append((facility.pk, institution_type, grade, *services, rng.random() < 0.3))
    insert_rows(connection_of(facilities), HealthInstitution, COLUMNS, rows)
    return len(rows)
