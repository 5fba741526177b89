"""Public pages: ``/parks/`` (filters, search, pagination, map) and ``/parks/<id>/``.
Server-rendered; everything but the map works without JavaScript."""

from django.utils.translation import gettext_lazy as _

from apps.places.kit import kind_urlpatterns

from .filters import ParkFilter
from .selectors import parks

app_name = "parks"

urlpatterns = kind_urlpatterns(prefix="parks", app="parks", selectors=parks, filterset_class=ParkFilter,
                               label=_("Park"), items_name="parks", item_name="park")
