"""Problems residents report about parks (declared for apps.reports)."""

from apps.places.models import FacilityKind
from apps.reports.categories import CategoryDeclaration

REPORT_CATEGORIES = [
    CategoryDeclaration(
        code="park-facility-broken", name="公园设施损坏", name_en="Park facility broken",
        kind=FacilityKind.PARK, group="park", keywords=("bench", "playground", "设施"),
        acknowledge_hours=4, resolve_days=5, order=310,
    ),
    CategoryDeclaration(
        code="park-lighting", name="公园照明故障", name_en="Park lighting out",
        kind=FacilityKind.PARK, group="park", keywords=("lamp", "light", "照明"),
        acknowledge_hours=4, resolve_days=3, order=320,
    ),
    CategoryDeclaration(
        code="park-cleanliness", name="公园卫生", name_en="Park cleanliness",
        kind=FacilityKind.PARK, group="park", keywords=("litter", "toilet", "卫生"),
        acknowledge_hours=4, resolve_days=2, order=330,
    ),
]
