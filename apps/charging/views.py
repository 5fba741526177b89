"""Public pages: ``/charging/`` (filters, search, pagination, map) and ``/charging/<id>/``.
Server-rendered; everything but the map works without JavaScript."""

from django.core.paginator import Paginator
from django.urls import reverse
from django.utils.translation import gettext as _

from apps.core.cache import cached_page
from apps.places.models import Weekday

from .filters import ChargingStationFilter
from .selectors import annotate_display, station_base, station_detail, with_display_data

PAGE_SIZE = 20
# the data these pages show: the shared facility tables and this kind's own
NAMESPACES = ("places", "charging")
MAX_PAGE_SIZE = 100


def page_size(request) -> int:
    try:
        size = int(request.GET.get("page_size", PAGE_SIZE))
    except ValueError:
        return PAGE_SIZE
    return max(1, min(size, MAX_PAGE_SIZE))


def feature_collection(stations) -> dict:
    """The page's stations as GeoJSON for the map component (WGS-84)."""
    label = _("Charging station")
    return {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [s.lon, s.lat]},
                "properties": {
                    "id": s.pk, "name": s.display_name, "kind_label": label,
                    "url": reverse("charging:detail", args=[s.pk]),
                    "open_now": getattr(s, "open_now", None),
                },
            }
            for s in stations
        ],
    }


def weekly_hours(facility) -> list[tuple[str, list]]:
    days: dict[int, list] = {day: [] for day in Weekday.values}
    for period in facility.opening_hours.all():
        days[period.weekday].append(period)
    return [(Weekday(day).label, days[day]) for day in Weekday.values]


def station_list(request):
    # the list as every visitor sees it, cached per language, query and minute (open now)
    def build():
        filterset = ChargingStationFilter(request.GET, queryset=station_base(), request=request)
        valid = filterset.is_valid()
        queryset = filterset.qs if valid else station_base().none()
        paginator = Paginator(with_display_data(queryset), page_size(request))
        page = paginator.get_page(request.GET.get("page"))
        stations = annotate_display(list(page.object_list))
        context = {
            "filterset": filterset,
            "form": filterset.form,
            "page": page,
            "stations": stations,
            "map_points": feature_collection(stations),
        }
        return "charging/_station_list_content.html", context, 200 if valid else 400

    return cached_page(request, name="charging:list", namespaces=NAMESPACES, build=build,
                       template="charging/station_list.html")


def station_detail_view(request, pk: int):
    def build():
        station = station_detail(pk=pk)
        context = {
            "page_title": station.display_name,
            "station": station,
            "facility": station,
            "hours": weekly_hours(station),
            "map_points": feature_collection([station]),
        }
        return "charging/_station_detail_content.html", context, 200

    return cached_page(request, name=f"charging:detail:{pk}", namespaces=NAMESPACES, build=build,
                       template="charging/station_detail.html")
