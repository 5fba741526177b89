"""What the facility kinds' public pages share: the list page (FilterSet, pagination, map
points) and the detail page, both cached per visitor-independent content by
:func:`apps.core.cache.cached_page`, plus the weekly-hours table and the map's GeoJSON.
Each kind's ``views.py`` says only what is its own (filter, selectors, templates, names)."""

from collections.abc import Callable

from django.db import connection, models
from django.db.models.expressions import RawSQL
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from apps.core.cache import LIVE_SUFFIX, cached_page
from apps.core.contributions import FacilityLink, FacilityPanel, contributions
from apps.core.pagination import BadPage, SeekOrder, seek_page

from . import registry
from .models import Facility, Weekday

PAGE_SIZE = 20


def facility_id():
    """The shared table's ``id`` as SQL. A kind's rows are ordered and sought by it rather than
    by the kind's own primary-key column (equal, but the ORM writes that one), so that SQLite
    reads the (kind, status, deleted_at, id) index in order instead of sorting every match
    (PostgreSQL sees the two as equal by itself)."""
    table = connection.ops.quote_name(Facility._meta.db_table)
    column = f"{table}.{connection.ops.quote_name('id')}"  # constants: no value of a request
    return RawSQL(column, (), output_field=models.BigIntegerField())  # noqa: S611


# Every facility kind's list order (the keyset of its cursor links): the shared facility id.
LIST_ORDER = SeekOrder(("id",), columns={"id": facility_id()})

# A kind's list counts exactly up to two pages, then says "more than 40" (other lists: up to
# apps.core.pagination.COUNT_CAP). Its filters are mostly probes per row read (open now, a
# meal, a connector, an amenity), so counting reads that many matching rows through them:
# counting to 200 cost 21-49 ms on PostgreSQL at 1M facilities for a sub-district with
# "open now", a connector or two amenities, where the page alone took 1-3 ms and counting to
# 40 1.4-7 ms (bench/lists.py; issue 21).
LIST_COUNT_CAP = 40


def feature_collection(facilities, *, label: str | None = None) -> dict:
    """Facilities as GeoJSON for the map component (WGS-84). ``label``: one kind's name for
    every point (a kind's own pages); by default each facility's kind. ``open_now`` where
    the rows carry it (None: not known)."""
    return {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [f.lon, f.lat]},
                "properties": {
                    "id": f.pk, "name": f.display_name,
                    "kind_label": label if label is not None else str(f.get_kind_display()),
                    "url": registry.detail_url(f.kind, f.pk),
                    "open_now": getattr(f, "open_now", None),
                },
            }
            for f in facilities
        ],
    }


def weekly_hours(facility) -> list[tuple[str, list]]:
    """``[(weekday label, [periods])]`` Monday to Sunday from the prefetched hours."""
    days: dict[int, list] = {day: [] for day in Weekday.values}
    for period in facility.opening_hours.all():
        days[period.weekday].append(period)
    return [(Weekday(day).label, days[day]) for day in Weekday.values]


def facility_list_page(
    request, *, app: str, filterset_class, base: Callable, load: Callable,
    annotate: Callable, items_name: str, label: str, template: str, content_template: str,
):
    """``/<kind>/``: the filtered, paginated list with its map; a bad filter value is a 400
    page that says which. Cached per language, query and minute (open now)."""

    def build():
        filterset = filterset_class(request.GET, queryset=base(), request=request)
        valid = filterset.is_valid()
        queryset = filterset.qs if valid else base().none()

        page_error = None
        try:
            page = seek_page(queryset, request.GET, order=LIST_ORDER, page_size=PAGE_SIZE, load=load,
                             count_cap=LIST_COUNT_CAP)
        except BadPage as bad:  # a cursor the list did not make: its first page, and why
            page_error, valid = bad.message, False
            page = seek_page(queryset, {}, order=LIST_ORDER, page_size=PAGE_SIZE, load=load,
                             count_cap=LIST_COUNT_CAP)
        items = annotate(page.object_list)
        detail = f"{app}:detail"
        for item in items:  # each card's link, formatted rather than reversed per card
            item.detail_url = registry.reverse_with_id(detail, item.pk)
        context = {
            "filterset": filterset,
            "form": filterset.form,
            "page": page,
            "page_error": page_error,
            items_name: items,
            "map_points": feature_collection(items, label=label),
        }
        return content_template, context, 200 if valid else 400

    return cached_page(request, name=f"{app}:list", namespaces=("places", app), build=build, template=template)


def facility_links(facility) -> list[dict]:
    """``[{"key", "label", "url"}]``: what the other apps offer about this facility
    (:class:`~apps.core.contributions.FacilityLink`), shown by ``places/_facility_basics.html``."""
    return [{"key": link.key, "label": link.label(facility), "url": link.url(facility)}
            for link in contributions(FacilityLink)]


def facility_panels(request, facility_id: int) -> list[str]:
    """The per-visitor parts of a facility's page (:class:`~apps.core.contributions.FacilityPanel`,
    e.g. notices' follow form), rendered, for ``places/_facility_panels.html``."""
    rendered = []
    for panel in sorted(contributions(FacilityPanel), key=lambda p: p.order):
        context = panel.context(request, facility_id)
        if context is not None:
            rendered.append(mark_safe(render_to_string(panel.template, context, request=request)))
    return rendered


def facility_detail_page(
    request, pk: int, *, app: str, detail: Callable, item_name: str, label: str, template: str,
    content_template: str, extra_context: Callable | None = None, live: bool = False,
):
    """``/<kind>/<id>/``: one published facility (404 otherwise), its hours and its map point.
    ``live``: the page shows the kind's live telemetry too, and follows each report at once."""

    def build():
        facility = detail(pk=pk)
        context = {
            "page_title": facility.display_name,
            item_name: facility,
            "facility": facility,
            "hours": weekly_hours(facility),
            "map_points": feature_collection([facility], label=label),
            "facility_links": facility_links(facility),
            **(extra_context(facility) if extra_context else {}),
        }
        return content_template, context, 200

    namespaces = ("places", app, *([app + LIVE_SUFFIX] if live else []))
    return cached_page(request, name=f"{app}:detail:{pk}", namespaces=namespaces, build=build,
                       template=template, page_context=lambda: {"facility_panels": facility_panels(request, pk)})
