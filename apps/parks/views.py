"""Public pages: ``/parks/`` (filters, search, pagination, map) and ``/parks/<id>/``.
Server-rendered; everything but the map works without JavaScript."""

from django.core.paginator import Paginator
from django.urls import reverse
from django.utils.translation import gettext as _

from apps.core.cache import cached_page
from apps.places.models import Weekday

from .filters import ParkFilter
from .selectors import annotate_display, park_base, park_detail, with_display_data

PAGE_SIZE = 20
# the data these pages show: the shared facility tables and this kind's own
NAMESPACES = ("places", "parks")
MAX_PAGE_SIZE = 100


def page_size(request) -> int:
    try:
        size = int(request.GET.get("page_size", PAGE_SIZE))
    except ValueError:
        return PAGE_SIZE
    return max(1, min(size, MAX_PAGE_SIZE))


def feature_collection(parks) -> dict:
    """The page's parks as GeoJSON for the map component (WGS-84)."""
    label = _("Park")
    return {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [s.lon, s.lat]},
                "properties": {
                    "id": s.pk, "name": s.display_name, "kind_label": label,
                    "url": reverse("parks:detail", args=[s.pk]),
                    "open_now": getattr(s, "open_now", None),
                },
            }
            for s in parks
        ],
    }


def weekly_hours(facility) -> list[tuple[str, list]]:
    days: dict[int, list] = {day: [] for day in Weekday.values}
    for period in facility.opening_hours.all():
        days[period.weekday].append(period)
    return [(Weekday(day).label, days[day]) for day in Weekday.values]


def park_list(request):
    # the list as every visitor sees it, cached per language, query and minute (open now)
    def build():
        filterset = ParkFilter(request.GET, queryset=park_base(), request=request)
        valid = filterset.is_valid()
        queryset = filterset.qs if valid else park_base().none()
        paginator = Paginator(with_display_data(queryset), page_size(request))
        page = paginator.get_page(request.GET.get("page"))
        parks = annotate_display(list(page.object_list))
        context = {
            "filterset": filterset,
            "form": filterset.form,
            "page": page,
            "parks": parks,
            "map_points": feature_collection(parks),
        }
        return "parks/_park_list_content.html", context, 200 if valid else 400

    return cached_page(request, name="parks:list", namespaces=NAMESPACES, build=build,
                       template="parks/park_list.html")


def park_detail_view(request, pk: int):
    def build():
        park = park_detail(pk=pk)
        context = {
            "page_title": park.display_name,
            "park": park,
            "facility": park,
            "hours": weekly_hours(park),
            "map_points": feature_collection([park]),
        }
        return "parks/_park_detail_content.html", context, 200

    return cached_page(request, name=f"parks:detail:{pk}", namespaces=NAMESPACES, build=build,
                       template="parks/park_detail.html")
