"""Problems residents report about senior canteens (read by apps.reports: plain data, so this app imports nothing of it)."""

from .models import KIND

REPORT_CATEGORIES = [
    {
        "code": "canteen-closed", "name": "食堂未按时营业", "name_en": "Canteen closed when it says open",
        "kind": KIND, "group": "canteen", "keywords": ("closed", "hours", "营业"),
        "acknowledge_hours": 4, "resolve_days": 3, "order": 210,
    },
    {
        "code": "canteen-food-safety", "name": "食品安全", "name_en": "Food safety",
        "kind": KIND, "group": "canteen", "keywords": ("hygiene", "food", "食品安全"),
        "acknowledge_hours": 2, "resolve_days": 2, "order": 220,
    },
    {
        "code": "canteen-price", "name": "价格问题", "name_en": "Price or subsidy problem",
        "kind": KIND, "group": "canteen", "keywords": ("price", "subsidy", "价格"),
        "acknowledge_hours": 8, "resolve_days": 5, "order": 230,
    },
]
