"""Public pages: ``/eldercare/`` (filters, search, pagination, map) and ``/eldercare/<id>/``.
Server-rendered; everything but the map works without JavaScript."""

from django.utils.translation import gettext_lazy as _

from apps.places.kit import kind_urlpatterns

from .filters import ElderCareFilter
from .selectors import detail_context, eldercare_sites

app_name = "eldercare"

urlpatterns = kind_urlpatterns(prefix="eldercare", app="eldercare", selectors=eldercare_sites,
                               filterset_class=ElderCareFilter, label=_("Elder-care site"), items_name="sites",
                               item_name="site", extra_context=detail_context)
