"""Public pages: ``/charging/`` (filters, search, pagination, map) and ``/charging/<id>/``
(live: follows each status report at once). Server-rendered; everything but the map works
without JavaScript."""

from django.utils.translation import gettext_lazy as _

from apps.places.kit import kind_urlpatterns

from .filters import ChargingStationFilter
from .selectors import stations

app_name = "charging"

urlpatterns = kind_urlpatterns(prefix="charging", app="charging", selectors=stations,
                               filterset_class=ChargingStationFilter, label=_("Charging station"),
                               items_name="stations", item_name="station", live=True)
