"""``generate_facilities`` hook: give freshly created base facilities their accessibility-site
rows, and the base rows the feature codes their type and condition offer (one update per
distinct set of codes). Reproducible: attributes come only from the seeded ``rng``."""

import json

from apps.places.generation import connection_of, insert_rows

from .models import AccessibilitySite, Condition, SiteType, feature_codes

TYPES = list(SiteType.values)
CONDITIONS = [Condition.GOOD.value] * 7 + [Condition.NEEDS_REPAIR.value] * 2 + [Condition.OUT_OF_SERVICE.value]


def synthesize(facilities, rng) -> int:
    if not facilities:
        return 0
    rows, by_codes = [], {}
    for facility in facilities:
        site_type, condition = TYPES[rng.randrange(len(TYPES))], CONDITIONS[rng.randrange(len(CONDITIONS))]
        rows.append((facility.pk, site_type, condition, "", "", 2015 + rng.randrange(10)))
        by_codes.setdefault(json.dumps(feature_codes(site_type, condition)), []).append(facility.pk)
    connection = connection_of(facilities)
    insert_rows(connection, AccessibilitySite, ["facility_ptr", "site_type", "condition", "serves_address",
                                                "serves_address_en", "built_in"], rows)
    facility_table = connection.ops.quote_name(AccessibilitySite._meta.get_field("facility_ptr").related_model._meta.db_table)
    with connection.cursor() as cursor:
        for codes, ids in by_codes.items():
            for start in range(0, len(ids), 500):
                chunk = ids[start:start + 500]
                cursor.execute(
                    f"UPDATE {facility_table} SET accessibility = %s WHERE id IN ({', '.join(['%s'] * len(chunk))})",  # noqa: S608
                    [codes, *chunk])
    return len(rows)
