"""The kit a facility kind's app is built from, so that a kind is one app and says only what is
its own (its fields, filters, serializer, templates):

- models: :func:`facility_link` (the one-to-one ``facility_ptr`` to :class:`Facility`),
  :func:`code_field` (the stable reference data loads match on), :func:`kind_history`, the
  ``FILTER_BITS`` of its fixed list filters (:mod:`apps.places.filter_bits`) and :class:`KindQuerySet`
  (``published()``, ``having()``, ``search()`` over the name, address, community and the
  kind's own ``search_fields``);
- reads: :class:`KindSelectors` (the published base, the page's prefetches, open now, the
  detail), used by the kind's pages and API alike;
- pages: :func:`kind_urlpatterns` (``/<prefix>/`` and ``/<prefix>/<id>/``) around
  :mod:`apps.places.pages`; the API's list and detail views are in :mod:`apps.places.kind_api`;
- offers: a kind whose services are columns of its own row (booleans, or counts such as
  respite beds) names them in a ``TextChoices`` and gets :func:`offered` (their labels) and
  :func:`offer_condition` (one offer: a group of the kind's filter bits, read by the list's
  ``service`` filter).

The kind registers itself with :func:`register_facility_kind` (or
:func:`apps.places.registry.register_kind` and its own contributions) in its
``AppConfig.ready()``; nothing in ``places`` or another shared app names it."""

from collections.abc import Callable, Sequence
from datetime import datetime, timedelta
from functools import partial

from django.db import models
from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404
from django.urls import path
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from apps.core.prefetch import prefetch_lists, read_by_keys

from .models import Facility, FacilityQuerySet, FacilityStatus
from .pages import facility_detail_page, facility_list_page
from .reference import attach_communities
from .registry import KindInfo, register_kind
from .selectors import annotate_facility, facility_prefetches, hours_prefetches, local_now, state_valid

# A list page's rows whose stored open-now state runs out within this have their hours read
# too: the page says open or closed a moment after it loads them.
CARD_STATE_MARGIN = timedelta(minutes=1)


def register_facility_kind(app_config, info: KindInfo, *, nav_path: str, nav_label, nav_order: int,
                           cache_models: Sequence[str], contributions: Sequence = ()) -> None:
    """What a kind's ``AppConfig.ready()`` does: register ``info`` with the registry, put its
    list in the main navigation and name the models its public pages show (their changes
    invalidate the kind's cached pages; namespace = the app label), with the app's other
    ``contributions`` (pending work, operators...)."""
    from apps.core.contributions import CacheNamespace, NavigationEntry, contribute

    register_kind(info)
    contribute(
        app_config,
        NavigationEntry(nav_path, nav_label, order=nav_order),
        CacheNamespace(app_config.label, facilities=True, models=tuple(cache_models)),
        *contributions,
    )


def offered(facility, choices) -> list:
    """The labels of the ``choices`` (a kind's offers: column names) the facility offers (a
    true flag or a positive count)."""
    return [label for value, label in choices.choices if getattr(facility, value)]


def facility_link(related_name: str) -> models.OneToOneField:
    """The kind model's ``facility_ptr``: its primary key and its row of the shared table."""
    return models.OneToOneField(
        Facility, on_delete=models.CASCADE, parent_link=True, primary_key=True,
        related_name=related_name, verbose_name=_("facility"),
    )


def kind_history(*, excluded_fields: Sequence[str] = ()) -> HistoricalRecords:
    """The kind model's history: its rows and its facility's, but the facility's derived
    columns (filter bits, apps.places.filter_bits; the stored open-now state,
    apps.places.open_state; ``free_reported_at``) and ``excluded_fields``."""
    return HistoricalRecords(excluded_fields=["filter_bits", "open_state", "open_until", "free_reported_at",
                                              *excluded_fields])


def code_field() -> models.CharField:
    return models.CharField(
        _("code"), max_length=40, unique=True, null=True, blank=True,
        help_text=_("Stable reference used by data loads."),
    )


def offer_condition(model, offer: str) -> Q:
    """The kind's rows offering ``offer`` (a column of ``model``): a true flag, or a count
    above zero (one of its queryset's ``offer_counts``)."""
    counts = getattr(model._default_manager._queryset_class, "offer_counts", ())
    return Q(**{f"{offer}__gt": 0}) if offer in counts else Q(**{offer: True})


class KindQuerySet(FacilityQuerySet):
    """A kind's queryset. ``search_fields``: the kind's own text columns searched besides the
    name, address and community (``icontains`` lookups)."""

    search_fields: Sequence[str] = ()
    # offers (see offered()) that are counts, not flags: offered when above zero
    offer_counts: Sequence[str] = ()

    def where_own(self, *, negate: bool = False, **condition):
        """Rows whose own columns match ``condition`` (a filter on columns that change on their
        own, such as a car park's reported free spaces; the fixed ones are filter bits), read
        as :meth:`~apps.places.models.FacilityQuerySet.having` reads related rows: a value few
        rows have from the column's index (``pk IN`` those), a common one as a probe per row
        read by primary key. The column's index then never drives a list's scan: SQLite read
        every match by it and sorted them before the page (134 ms for a park type at 1M
        parks; 17 ms this way). ``negate``: the rows not matching."""
        return self.having(self.model._base_manager.filter(**condition), "pk", negate=negate)

    def search(self, text: str):
        text = text.strip()
        if not text:
            return self
        condition = Q(name__icontains=text) | Q(name_en__icontains=text) | Q(address__icontains=text)
        for field in self.search_fields:
            condition |= Q(**{f"{field}__icontains": text})
        return self.filter(condition | Q(community__name__icontains=text))


class KindSelectors:
    """The reads of one kind's pages and API, in a constant number of queries whatever the page
    size. ``prefetch``: the kind's own related rows every API list row shows; ``card_prefetch``:
    those a list page's card shows (default: the same); ``detail_prefetch``: more that only the
    detail shows (lookups or ``Prefetch`` objects)."""

    def __init__(self, model, kind: str, *, select: Sequence[str] = (), prefetch: Sequence = (),
                 card_prefetch: Sequence | None = None, detail_prefetch: Sequence = ()):
        self.model, self.kind = model, kind
        self.select, self.prefetch, self.detail_prefetch = tuple(select), tuple(prefetch), tuple(detail_prefetch)
        self.card_prefetch = self.prefetch if card_prefetch is None else tuple(card_prefetch)

    def base(self) -> QuerySet:
        """Published, not deleted facilities of the kind (read through the kind's list index).
        Built once (a copy each time: a list asks two or three times, and building the filters
        cost more than copying them); never evaluated itself."""
        built = self.__dict__.get("_base")
        if built is None:
            built = self._base = self.model.objects.published().of_kind(self.kind)
        return built.all()

    def with_display_data(self, qs: QuerySet, *, today=None) -> QuerySet:
        return qs.select_related("community__sub_district", *self.select).prefetch_related(
            *facility_prefetches(today=today), *self.prefetch,
        )

    def page(self, pks, *, today=None) -> list:
        """The published facilities ``pks`` (a list page's rows, found by the filtered lean
        query) with what :meth:`with_display_data` gives them, the related rows read by
        :func:`apps.core.prefetch.prefetch_lists` (the same queries, no queryset per row)."""
        return prefetch_lists(self._rows(pks), [*facility_prefetches(today=today), *self.prefetch])

    def cards(self, pks, *, when: datetime | None = None) -> list:
        """A list page's rows: what its cards show, no more (issue 21). Their open now comes
        from the stored state (apps.places.open_state); the hours are read only for the rows
        whose state is not valid (or runs out within the minute, before :meth:`annotate`)."""
        when = when or local_now()
        rows = prefetch_lists(self._rows(pks), self.card_prefetch)
        soon = when + CARD_STATE_MARGIN
        prefetch_lists([row for row in rows if not state_valid(row, soon)], hours_prefetches(today=when.date()))
        return rows

    def _rows(self, pks) -> list:
        # the community and sub-district from the process's copy (apps.places.reference)
        return attach_communities(read_by_keys(self.base().order_by(), "pk", list(pks),
                                               shape=("kind list", self.kind), related=self.select))

    def annotate(self, facilities, *, when: datetime | None = None):
        """Sets ``open_now`` and ``accessibility_labels`` from prefetched data (no query)."""
        when = when or local_now()
        for facility in facilities:
            annotate_facility(facility, when)
        return facilities

    def detail(self, *, pk: int, temporarily_closed: bool = False):
        """One published facility of the kind (404 otherwise); ``temporarily_closed``: one
        temporarily closed too (its page says so: the people following it are sent there)."""
        base = self.base()
        if temporarily_closed:
            base = self.model.objects.alive().of_kind(self.kind).filter(
                status__in=[FacilityStatus.PUBLISHED, FacilityStatus.TEMPORARILY_CLOSED])
        facility = get_object_or_404(self.with_display_data(base).prefetch_related(*self.detail_prefetch), pk=pk)
        self.annotate([facility])
        if facility.status == FacilityStatus.TEMPORARILY_CLOSED:
            facility.open_now = False
        return facility


def kind_urlpatterns(*, prefix: str, app: str, selectors: KindSelectors, filterset_class, label,
                     items_name: str, item_name: str, extra_context: Callable | None = None,
                     live: bool = False) -> list:
    """``/<prefix>/`` (list: filters, search, pagination, map) and ``/<prefix>/<id>/`` (detail),
    rendered from ``<app>/<item_name>_list.html`` / ``_<item_name>_list_content.html`` and the
    detail's pair; mount them under the app's ``app_name`` (names ``list`` and ``detail``).
    ``extra_context(facility)``: more for the detail page; ``live``: the detail page shows
    the kind's live telemetry (see :func:`apps.places.pages.facility_detail_page`)."""

    def list_view(request):
        return facility_list_page(
            request, app=app, filterset_class=filterset_class, base=selectors.base,
            load=selectors.cards, annotate=selectors.annotate, items_name=items_name,
            label=str(label), template=f"{app}/{item_name}_list.html",
            content_template=f"{app}/_{item_name}_list_content.html",
        )

    def detail_view(request, pk: int):
        return facility_detail_page(
            request, pk, app=app, detail=partial(selectors.detail, temporarily_closed=True), item_name=item_name, label=str(label),
            template=f"{app}/{item_name}_detail.html", content_template=f"{app}/_{item_name}_detail_content.html",
            extra_context=extra_context, live=live,
        )

    return [
        path(f"{prefix}/", list_view, name="list"),
        path(f"{prefix}/<int:pk>/", detail_view, name="detail"),
    ]
