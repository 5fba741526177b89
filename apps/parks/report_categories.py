"""Problems residents report about parks (read by apps.reports: plain data, so this app imports nothing of it)."""

from .models import KIND

REPORT_CATEGORIES = [
    {
        "code": "park-facility-broken", "name": "公园设施损坏", "name_en": "Park facility broken",
        "kind": KIND, "group": "park", "keywords": ("bench", "playground", "设施"),
        "acknowledge_hours": 4, "resolve_days": 5, "order": 310,
    },
    {
        "code": "park-lighting", "name": "公园照明故障", "name_en": "Park lighting out",
        "kind": KIND, "group": "park", "keywords": ("lamp", "light", "照明"),
        "acknowledge_hours": 4, "resolve_days": 3, "order": 320,
    },
    {
        "code": "park-cleanliness", "name": "公园卫生", "name_en": "Park cleanliness",
        "kind": KIND, "group": "park", "keywords": ("litter", "toilet", "卫生"),
        "acknowledge_hours": 4, "resolve_days": 2, "order": 330,
    },
]
