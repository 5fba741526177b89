"""Public pages: ``/parking/`` (filters, search, pagination, map; free spaces as of the
minute) and ``/parking/<id>/`` (live: follows each free-spaces report at once).
Server-rendered; everything but the map works without JavaScript."""

from django.utils.translation import gettext_lazy as _

from apps.places.kit import kind_urlpatterns
from apps.places.registry import detail_url

from .filters import CarParkFilter
from .models import CHARGING_KIND
from .selectors import car_parks

app_name = "parking"


def _detail_context(car_park) -> dict:
    return {"charging_url": detail_url(CHARGING_KIND, car_park.charging_site_id)}


urlpatterns = kind_urlpatterns(prefix="parking", app="parking", selectors=car_parks, filterset_class=CarParkFilter,
                               label=_("Car park"), items_name="car_parks", item_name="car_park", live=True,
                               extra_context=_detail_context)
