"""Reads for elder-care pages and the API (the kit's: see apps.places.kit.KindSelectors), and
the site's tie to the nearest senior canteen, found by the shared nearby search (places), so
this app imports nothing of the canteens app: it names the kind only."""

from apps.places import registry
from apps.places.kit import KindSelectors
from apps.places.nearby import nearest

from .models import CANTEEN_KIND, KIND, ElderCareSite

# how far a canteen may be to be shown as the site's nearest
NEAREST_CANTEEN_MAX_M = 5000

eldercare_sites = KindSelectors(ElderCareSite, KIND)


def nearest_canteen(site) -> dict | None:
    """``{"id", "name", "distance_m", "url"}`` of the published canteen nearest to the site
    (within :data:`NEAREST_CANTEEN_MAX_M`), or None (none that near, or no canteen kind)."""
    hit = nearest(lat=site.lat, lon=site.lon, kind=CANTEEN_KIND, max_radius_m=NEAREST_CANTEEN_MAX_M)
    if hit is None:
        return None
    return {"id": hit.id, "name": hit.name, "distance_m": round(hit.distance_m),
            "url": registry.detail_url(hit.kind, hit.id)}


def detail_context(site) -> dict:
    """What the site's page shows beyond the kit's."""
    return {"nearest_canteen": nearest_canteen(site)}
