from django.conf import settings
from django.utils.translation import get_language

from . import basemap
from .contributions import NavigationEntry, contributions
from .views import SENIOR_COOKIE


def _navigation(path: str):
    """The main navigation: every installed app's ``NavigationEntry``, lowest order first."""
    return [
        {"url": entry.path, "label": entry.label,
         "current": path == entry.path if entry.path == "/" else path.startswith(entry.path)}
        for entry in contributions(NavigationEntry)
    ]


def current_base_map() -> basemap.BaseMap:
    """The configured base map (apps/core/basemap.py) in the current language."""
    return basemap.base_map(
        provider=settings.MAP_PROVIDER, tile_url=settings.MAP_TILE_URL, tile_crs=settings.MAP_TILE_CRS,
        attribution=settings.MAP_TILE_ATTRIBUTION, subdomains=settings.MAP_TILE_SUBDOMAINS,
        tianditu_key=settings.TIANDITU_KEY, language=get_language() or settings.LANGUAGE_CODE,
    )


def portal(request):
    base = current_base_map()
    return {
        "site_name": settings.PORTAL_SITE_NAME,
        "navigation": _navigation(request.path),
        "senior_mode": request.COOKIES.get(SENIOR_COOKIE) == "1",
        "map_tile_url": base.url,
        "map_tile_overlay_url": base.overlay_url,
        "map_tile_attribution": base.attribution,
        "map_tile_subdomains": base.subdomains,
        "map_crs": base.crs,
        "map_provider": base.provider,
    }
