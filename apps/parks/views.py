"""Public pages: ``/parks/`` (filters, search, pagination, map) and ``/parks/<id>/``.
Server-rendered; everything but the map works without JavaScript."""

from django.utils.translation import gettext as _

from apps.places.pages import facility_detail_page, facility_list_page

from .filters import ParkFilter
from .selectors import annotate_display, park_base, park_detail, with_display_data


def park_list(request):
    return facility_list_page(
        request, app="parks", filterset_class=ParkFilter, base=park_base,
        with_display_data=with_display_data, annotate=annotate_display, items_name="parks",
        label=_("Park"), template="parks/park_list.html", content_template="parks/_park_list_content.html",
    )


def park_detail_view(request, pk: int):
    return facility_detail_page(
        request, pk, app="parks", detail=park_detail, item_name="park", label=_("Park"),
        template="parks/park_detail.html", content_template="parks/_park_detail_content.html",
    )
