"""Public pages: ``/accessibility/`` (filters, search, pagination, map) and
``/accessibility/<id>/``. Server-rendered; everything but the map works without JavaScript."""

from django.utils.translation import gettext_lazy as _

from apps.places.kit import kind_urlpatterns
from apps.places.registry import detail_url

from .filters import AccessibilitySiteFilter
from .selectors import sites

app_name = "accessibility"


def _detail_context(site) -> dict:
    served = site.serves_facility
    return {"serves_url": detail_url(served.kind, served.pk) if served else ""}


urlpatterns = kind_urlpatterns(prefix="accessibility", app="accessibility", selectors=sites,
                               filterset_class=AccessibilitySiteFilter, label=_("Accessibility site"),
                               items_name="sites", item_name="site", extra_context=_detail_context)
