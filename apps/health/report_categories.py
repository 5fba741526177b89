"""Problems residents report about health institutions (read by apps.reports: plain data, so this app imports nothing of it)."""

from .models import KIND

REPORT_CATEGORIES = [
    {
        "code": "health-hours-not-kept", "name": "卫生服务机构未按时开诊", "name_en": "Clinic not open as posted",
        "kind": KIND, "group": "health", "keywords": ("closed", "doctor", "开诊"),
        "acknowledge_hours": 4, "resolve_days": 3, "order": 510,
    },
    {
        "code": "health-results-not-recognised", "name": "检查检验结果未互认", "name_en": "Test results not recognised",
        "kind": KIND, "group": "health", "keywords": ("test", "result", "互认"),
        "acknowledge_hours": 8, "resolve_days": 5, "order": 520,
    },
    {
        "code": "health-vaccination", "name": "预防接种服务问题", "name_en": "Vaccination service problem",
        "kind": KIND, "group": "health", "keywords": ("vaccine", "接种"),
        "acknowledge_hours": 4, "resolve_days": 3, "order": 530,
    },
]
