from django.conf import settings
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext_lazy as _

from .views import SENIOR_COOKIE


def _unread_count(request):
    from apps.notices.selectors import unread_count

    return unread_count(user=request.user)


NAVIGATION = [
    ("/", _("Dashboard")),
    ("/nearby/", _("Near me")),
    ("/canteens/", _("Senior canteens")),
    ("/charging/", _("Charging")),
    ("/parks/", _("Parks")),
    ("/projects/", _("Projects")),
    ("/coverage/", _("Coverage")),
    ("/housing-swap/", _("Housing swap")),
]


def _navigation(path: str):
    return [
        {"url": url, "label": label, "current": path == url if url == "/" else path.startswith(url)}
        for url, label in NAVIGATION
    ]


def portal(request):
    return {
        "site_name": settings.PORTAL_SITE_NAME,
        "navigation": _navigation(request.path),
        "senior_mode": request.COOKIES.get(SENIOR_COOKIE) == "1",
        "map_tile_url": settings.MAP_TILE_URL,
        "map_tile_attribution": settings.MAP_TILE_ATTRIBUTION,
        # evaluated only when a template shows it
        "unread_notices": SimpleLazyObject(lambda: _unread_count(request)),
    }
