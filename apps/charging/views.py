"""Public pages: ``/charging/`` (filters, search, pagination, map) and ``/charging/<id>/``.
Server-rendered; everything but the map works without JavaScript."""

from django.utils.translation import gettext as _

from apps.places.pages import facility_detail_page, facility_list_page

from .filters import ChargingStationFilter
from .selectors import annotate_display, station_base, station_detail, with_display_data


def station_list(request):
    return facility_list_page(
        request, app="charging", filterset_class=ChargingStationFilter, base=station_base,
        with_display_data=with_display_data, annotate=annotate_display, items_name="stations",
        label=_("Charging station"), template="charging/station_list.html",
        content_template="charging/_station_list_content.html",
    )


def station_detail_view(request, pk: int):
    return facility_detail_page(
        request, pk, app="charging", detail=station_detail, item_name="station",
        label=_("Charging station"), template="charging/station_detail.html",
        content_template="charging/_station_detail_content.html", live=True,
    )
