"""Problems residents report about senior canteens (declared for apps.reports)."""

from apps.places.models import FacilityKind
from apps.reports.categories import CategoryDeclaration

REPORT_CATEGORIES = [
    CategoryDeclaration(
        code="canteen-closed", name="食堂未按时营业", name_en="Canteen closed when it says open",
        kind=FacilityKind.CANTEEN, group="canteen", keywords=("closed", "hours", "营业"),
        acknowledge_hours=4, resolve_days=3, order=210,
    ),
    CategoryDeclaration(
        code="canteen-food-safety", name="食品安全", name_en="Food safety",
        kind=FacilityKind.CANTEEN, group="canteen", keywords=("hygiene", "food", "食品安全"),
        acknowledge_hours=2, resolve_days=2, order=220,
    ),
    CategoryDeclaration(
        code="canteen-price", name="价格问题", name_en="Price or subsidy problem",
        kind=FacilityKind.CANTEEN, group="canteen", keywords=("price", "subsidy", "价格"),
        acknowledge_hours=8, resolve_days=5, order=230,
    ),
]
