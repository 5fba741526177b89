"""Problems residents report about elder-care sites (read by apps.reports: plain data, so this app imports nothing of it)."""

from .models import KIND

REPORT_CATEGORIES = [
    {
        "code": "eldercare-service-missed", "name": "养老服务未按约提供", "name_en": "Elder-care service not provided",
        "kind": KIND, "group": "eldercare", "keywords": ("visit", "meal", "上门", "助餐"),
        "acknowledge_hours": 2, "resolve_days": 2, "order": 410,
    },
    {
        "code": "eldercare-site-closed", "name": "养老服务站点未按时开放", "name_en": "Elder-care site not open as posted",
        "kind": KIND, "group": "eldercare", "keywords": ("closed", "hours", "关门"),
        "acknowledge_hours": 4, "resolve_days": 3, "order": 420,
    },
    {
        "code": "eldercare-safety", "name": "养老服务设施安全隐患", "name_en": "Safety hazard at an elder-care site",
        "kind": KIND, "group": "eldercare", "keywords": ("handrail", "slippery", "安全"),
        "acknowledge_hours": 2, "resolve_days": 3, "order": 430,
    },
]
