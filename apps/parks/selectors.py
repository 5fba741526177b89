"""Reads for park pages and the API, with a constant number of queries whatever the page
size (select_related + prefetch_related)."""

from datetime import datetime, timedelta

from django.db.models import Exists, F, OuterRef, Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from apps.places.hours import is_open_at
from apps.places.models import OpeningException, OpeningHours

from . import accessibility
from .models import Park

EXCEPTIONS_AHEAD = timedelta(days=60)


def local_now() -> datetime:
    return timezone.localtime()


def _within(moment) -> Q:
    """The period (opens, closes) contains ``moment``; ``closes < opens`` runs past midnight."""
    return (
        Q(opens=F("closes"))
        | Q(opens__lt=F("closes"), opens__lte=moment, closes__gt=moment)
        | Q(closes__lt=F("opens")) & (Q(opens__lte=moment) | Q(closes__gt=moment))
    )


def open_at_q(when: datetime, ref: str = "pk") -> Q:
    """A filter equal to :func:`apps.places.hours.is_open_at` in SQL (``when`` is local time)."""
    moment = when.time().replace(microsecond=0)
    weekday = when.weekday()
    yesterday = (weekday - 1) % 7
    exceptions = OpeningException.objects.filter(facility_id=OuterRef(ref), date=when.date())
    open_exception = exceptions.filter(
        Q(closed=False, opens__isnull=False, closes__isnull=False) & _within(moment)
    )
    regular = OpeningHours.objects.filter(facility_id=OuterRef(ref)).filter(
        Q(weekday=weekday, opens=F("closes"))
        | Q(weekday=weekday, opens__lt=F("closes"), opens__lte=moment, closes__gt=moment)
        | Q(weekday=weekday, closes__lt=F("opens"), opens__lte=moment)
        | Q(weekday=yesterday, closes__lt=F("opens"), closes__gt=moment)
    )
    return (Exists(exceptions) & Exists(open_exception)) | (~Exists(exceptions) & Exists(regular))


def park_base() -> QuerySet:
    """Published, not deleted parks."""
    return Park.objects.published()


def with_display_data(qs: QuerySet, *, today=None) -> QuerySet:
    today = today or local_now().date()
    return qs.select_related("community__sub_district").prefetch_related(
        "opening_hours",
        Prefetch(
            "opening_exceptions",
            queryset=OpeningException.objects.filter(date__gte=today, date__lte=today + EXCEPTIONS_AHEAD),
            to_attr="upcoming_exceptions",
        ),
        "photos",
        "amenities",
    )


def annotate_display(parks, *, when: datetime | None = None):
    """Sets ``open_now`` and ``accessibility_labels`` on each park from prefetched data
    (no query)."""
    when = when or local_now()
    for park in parks:
        park.open_now = is_open_at(when, park.opening_hours.all(), park.upcoming_exceptions)
        park.accessibility_labels = accessibility.labels(park.accessibility)
    return parks


def park_detail(*, pk: int) -> Park:
    park = get_object_or_404(with_display_data(park_base()), pk=pk)
    annotate_display([park])
    return park
