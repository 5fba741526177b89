"""Problems residents report about charging stations (read by apps.reports: plain data, so this app imports nothing of it)."""

from .models import KIND

REPORT_CATEGORIES = [
    {
        "code": "charger-out-of-order", "name": "充电桩故障", "name_en": "Charger out of order",
        "kind": KIND, "group": "charging", "keywords": ("charger", "broken", "故障"),
        "acknowledge_hours": 2, "resolve_days": 2, "order": 110,
    },
    {
        "code": "charger-connector-damaged", "name": "充电枪损坏", "name_en": "Connector damaged",
        "kind": KIND, "group": "charging", "keywords": ("connector", "cable", "充电枪"),
        "acknowledge_hours": 2, "resolve_days": 3, "order": 120,
    },
    {
        "code": "charger-bay-blocked", "name": "燃油车占位", "name_en": "Bay occupied by a fuel car",
        "kind": KIND, "group": "charging", "keywords": ("parking", "blocked", "占位"),
        "acknowledge_hours": 2, "resolve_days": 1, "order": 130,
    },
]
