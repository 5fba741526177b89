"""Reads for the nearby page: hits enriched with address, community and open-now, in a
constant number of queries."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from django.db.models import BooleanField, Case, F, OuterRef, Prefetch, Q, When
from django.utils import timezone

from apps.core.probes import RowProbe

from . import accessibility
from .hours import is_open_at
from .models import Community, OpeningException, OpeningHours


def local_now() -> datetime:
    return timezone.localtime()


def in_street(queryset, street_id: int):
    """Facilities of a sub-district, as "community in (its communities)": the lists' indexes
    hold the community, so no join with the communities per row."""
    return queryset.filter(community__in=Community.objects.filter(sub_district_id=street_id).values("pk"))


EXCEPTIONS_AHEAD = timedelta(days=60)


def facility_prefetches(*, today: date | None = None) -> list:
    """What every facility kind's list and detail prefetch: the weekly hours, the exceptions
    of the coming 60 days (as ``upcoming_exceptions``) and the photos."""
    today = today or local_now().date()
    return [
        "opening_hours",
        Prefetch(
            "opening_exceptions",
            queryset=OpeningException.objects.filter(date__gte=today, date__lte=today + EXCEPTIONS_AHEAD),
            to_attr="upcoming_exceptions",
        ),
        "photos",
    ]


def annotate_facility(facility, when: datetime) -> None:
    """Sets ``open_now`` and ``accessibility_labels`` from :func:`facility_prefetches`' data
    (no query)."""
    facility.open_now = is_open_at(when, facility.opening_hours.all(), facility.upcoming_exceptions)
    facility.accessibility_labels = accessibility.labels(facility.accessibility)


def _within(moment) -> Q:
    """The period (opens, closes) contains ``moment``; ``closes < opens`` runs past midnight."""
    return (
        Q(opens=F("closes"))
        | Q(opens__lt=F("closes"), opens__lte=moment, closes__gt=moment)
        | Q(closes__lt=F("opens")) & (Q(opens__lte=moment) | Q(closes__gt=moment))
    )


def open_at_q(when: datetime, ref: str = "pk"):
    """A filter equal to :func:`apps.places.hours.is_open_at` in SQL (``when`` is local time):
    an exception on the day replaces the weekly hours; a period past midnight also counts
    the next morning. Two index probes per facility (is there an exception today? else: a
    period of today or yesterday covering the moment, read from the covering
    (facility, weekday, opens, closes) index); lists read it only for the rows they scan."""
    moment = when.time().replace(microsecond=0)
    weekday = when.weekday()
    yesterday = (weekday - 1) % 7
    exceptions = OpeningException.objects.filter(facility_id=OuterRef(ref), date=when.date())
    open_exception = exceptions.filter(
        Q(closed=False, opens__isnull=False, closes__isnull=False) & _within(moment)
    )
    regular = OpeningHours.objects.filter(facility_id=OuterRef(ref), weekday__in=[weekday, yesterday]).filter(
        Q(weekday=weekday, opens=F("closes"))
        | Q(weekday=weekday, opens__lt=F("closes"), opens__lte=moment, closes__gt=moment)
        | Q(weekday=weekday, closes__lt=F("opens"), opens__lte=moment)
        | Q(weekday=yesterday, closes__lt=F("opens"), closes__gt=moment)
    )
    return Case(When(RowProbe(exceptions), then=RowProbe(open_exception)), default=RowProbe(regular),
                output_field=BooleanField())
