"""Public pages: ``/health/`` (filters, search, pagination, map) and ``/health/<id>/``.
Server-rendered; everything but the map works without JavaScript."""

from django.utils.translation import gettext_lazy as _

from apps.places.kit import kind_urlpatterns

from .filters import HealthFilter
from .selectors import health_institutions

app_name = "health"

urlpatterns = kind_urlpatterns(prefix="health", app="health", selectors=health_institutions,
                               filterset_class=HealthFilter, label=_("Health institution"),
                               items_name="institutions", item_name="institution")
