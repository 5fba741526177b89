"""Public pages: ``/canteens/`` (filters, search, pagination, map) and ``/canteens/<id>/``.
Server-rendered; everything but the map works without JavaScript."""

from django.utils.translation import gettext_lazy as _

from apps.places.kit import kind_urlpatterns

from .filters import CanteenFilter
from .selectors import canteens
from .views import meals_and_menu

app_name = "canteens"

urlpatterns = kind_urlpatterns(prefix="canteens", app="canteens", selectors=canteens, filterset_class=CanteenFilter,
                               label=_("Senior canteen"), items_name="canteens", item_name="canteen",
                               extra_context=meals_and_menu)
