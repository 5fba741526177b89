"""Problems residents report about car parks (read by apps.reports: plain data, so this app imports nothing of it)."""

from .models import KIND

REPORT_CATEGORIES = [
    {
        "code": "parking-accessible-space-misused", "name": "无障碍车位被占用", "name_en": "Accessible space misused",
        "kind": KIND, "group": "parking", "keywords": ("accessible", "blocked", "无障碍"),
        "acknowledge_hours": 2, "resolve_days": 1, "order": 140,
    },
    {
        "code": "parking-free-spaces-wrong", "name": "空余车位显示不准", "name_en": "Free spaces shown wrongly",
        "kind": KIND, "group": "parking", "keywords": ("free spaces", "sign", "车位"),
        "acknowledge_hours": 4, "resolve_days": 3, "order": 150,
    },
    {
        "code": "parking-barrier-broken", "name": "停车场道闸故障", "name_en": "Car park barrier broken",
        "kind": KIND, "group": "parking", "keywords": ("barrier", "gate", "道闸"),
        "acknowledge_hours": 2, "resolve_days": 2, "order": 160,
    },
]
