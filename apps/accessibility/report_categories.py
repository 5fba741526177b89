"""Problems residents report about accessibility sites (read by apps.reports: plain data)."""

from .models import KIND

REPORT_CATEGORIES = [
    {"code": "accessibility-blocked", "name": "无障碍通道被占用", "name_en": "Accessible route blocked",
     "kind": KIND, "group": "accessibility", "keywords": ("blocked", "ramp", "占用"),
     "acknowledge_hours": 2, "resolve_days": 1, "order": 170},
    {"code": "accessibility-broken", "name": "无障碍设施损坏", "name_en": "Accessibility feature broken",
     "kind": KIND, "group": "accessibility", "keywords": ("lift", "toilet", "损坏"),
     "acknowledge_hours": 4, "resolve_days": 5, "order": 180},
]
