from django.conf import settings

from .contributions import NavigationEntry, contributions
from .views import SENIOR_COOKIE


def _navigation(path: str):
    """The main navigation: every installed app's ``NavigationEntry``, lowest order first."""
    return [
        {"url": entry.path, "label": entry.label,
         "current": path == entry.path if entry.path == "/" else path.startswith(entry.path)}
        for entry in contributions(NavigationEntry)
    ]


def portal(request):
    return {
        "site_name": settings.PORTAL_SITE_NAME,
        "navigation": _navigation(request.path),
        "senior_mode": request.COOKIES.get(SENIOR_COOKIE) == "1",
        "map_tile_url": settings.MAP_TILE_URL,
        "map_tile_attribution": settings.MAP_TILE_ATTRIBUTION,
    }
