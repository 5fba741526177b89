"""Reads for the nearby page: hits enriched with address, community and open-now, in a
constant number of queries."""

from __future__ import annotations

import functools
from datetime import date, datetime, timedelta

from django.db.models import BooleanField, Expression, F, Q
from django.utils import timezone

from apps.core.expressions import ColumnCondition
from apps.core.prefetch import ShapedPrefetch, related_rows
from apps.core.probes import probe_limit

from . import accessibility
from .hours import is_open_at
from .models import Community, Facility, OpeningException, OpeningHours


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
    return [*hours_prefetches(today=today), "photos"]


def hours_prefetches(*, today: date | None = None) -> list:
    """The weekly hours and the exceptions of the coming 60 days (as ``upcoming_exceptions``):
    what :func:`open_now` asks where a facility's stored state is not valid."""
    return ["opening_hours", _upcoming_exceptions(today or local_now().date())]


@functools.lru_cache(maxsize=4)
def _upcoming_exceptions(today: date) -> ShapedPrefetch:
    # built once a day (building its filter cost a list more than reading it); never evaluated
    return ShapedPrefetch(
        "opening_exceptions",
        queryset=OpeningException.objects.filter(date__gte=today, date__lte=today + EXCEPTIONS_AHEAD),
        to_attr="upcoming_exceptions", shape=("upcoming exceptions", today),
    )


def state_valid(facility, when: datetime) -> bool:
    """Whether the facility's stored open-now state (apps.places.open_state) answers for
    ``when``: as the lists' filter (:func:`open_at_q`) decides."""
    return facility.open_until is not None and facility.open_until > when


def open_now(facility, when: datetime) -> bool:
    """:func:`apps.places.hours.is_open_at` for the facility at ``when``: its stored state
    while valid, else its hours (prefetched by :func:`hours_prefetches`; read here if not)."""
    if state_valid(facility, when):
        return facility.open_state
    exceptions = getattr(facility, "upcoming_exceptions", None)
    if exceptions is None:
        exceptions = facility.opening_exceptions.filter(date=when.date())
    return is_open_at(when, related_rows(facility, "opening_hours"), exceptions)


def annotate_facility(facility, when: datetime) -> None:
    """Sets ``open_now`` (:func:`open_now`) and ``accessibility_labels`` (no query where the
    state is valid or the hours are prefetched)."""
    facility.open_now = open_now(facility, when)
    facility.accessibility_labels = accessibility.labels(facility.accessibility)


def open_at_q(when: datetime, *, is_open: bool = True) -> Q:
    """A filter equal to :func:`apps.places.hours.is_open_at` in SQL (``when`` is local time;
    ``is_open=False``: its negation): an exception on the day replaces the weekly hours; a
    period past midnight also counts the next morning. Where the facility's stored state is
    valid (apps.places.open_state; read from the list indexes), that state; elsewhere
    :class:`OpenAt` asks its hours: two index probes per facility (is there an exception
    today? else: a period of today or yesterday covering the moment, read from the covering
    (facility, weekday, opens, closes) index). Lists read it only for the rows they scan.
    For querysets of facilities or of a kind (whose rows reach the state through their
    facility)."""
    return Q(OpenNow(when, is_open))


class OpenNow(Expression):
    """:func:`open_at_q`'s condition, written out: ``(open_until > when AND [NOT] open_state)
    OR (NOT (open_until > when AND open_until IS NOT NULL) AND [NOT] <OpenAt>)``: the SQL the
    ORM gave for the same condition as a tree of Q objects, without building that tree's eight
    filters for each list (issue 21)."""

    conditional = True
    output_field = BooleanField()

    def __init__(self, when: datetime, is_open: bool = True):
        super().__init__()
        self.when, self.is_open = when, is_open
        self.until, self.state, self.asked = F("open_until"), F("open_state"), OpenAt(when)

    def get_source_expressions(self):
        return [self.until, self.state, self.asked]

    def set_source_expressions(self, exprs):
        self.until, self.state, self.asked = exprs

    def as_sql(self, compiler, connection):
        until, until_params = compiler.compile(self.until)
        state, state_params = compiler.compile(self.state)
        asked, asked_params = compiler.compile(self.asked)
        moment = Facility._meta.get_field("open_until").get_db_prep_value(self.when, connection)
        no = "" if self.is_open else "NOT "
        sql = (f"(({until} > %s AND {no}{state}) OR (NOT ({until} > %s AND {until} IS NOT NULL) AND {no}({asked})))")
        return sql, [*until_params, moment, *state_params, *until_params, moment, *until_params, *asked_params]


class OpenAt(ColumnCondition):
    """:func:`open_at_q`'s SQL, written out: ``CASE WHEN EXISTS(an exception on the day) THEN
    EXISTS(an open exception covering the moment) ELSE EXISTS(a weekly period of the day, or
    of the day before past midnight, covering it) END`` for the row ``ref`` names. The same SQL
    the ORM's Case/When/Exists of three subqueries gave, without building them for each
    request: that cost the lists' filtering more than their other filters (issue 21)."""

    def __init__(self, when: datetime, ref: str = "pk"):
        super().__init__(ref)
        self.when = when

    def as_sql(self, compiler, connection):
        ref, ref_params = compiler.compile(self.ref)
        ops, when = connection.ops, self.when
        moment = ops.adapt_timefield_value(when.time().replace(microsecond=0))
        day = ops.adapt_datefield_value(when.date())
        weekday = when.weekday()
        yesterday = (weekday - 1) % 7
        q = ops.quote_name
        exceptions, hours = q(OpeningException._meta.db_table), q(OpeningHours._meta.db_table)
        # an alias no query of Django's takes (its are table names, T<n> and <letter><n>)
        opens, closes, facility = (q("open_at") + "." + q(c) for c in ("opens", "closes", "facility_id"))
        within = (f"({opens} = ({closes}) OR ({closes} > %s AND {opens} < ({closes}) AND {opens} <= %s)"
                  f" OR ({closes} < ({opens}) AND ({opens} <= %s OR {closes} > %s)))")
        on_day = f'{q("open_at")}.{q("date")} = %s AND {facility} = ({ref})'
        limit = probe_limit(connection)  # a probe per row read (apps.core.probes)
        # (names quoted by the backend, every value a parameter)
        sql = (
            f"CASE WHEN EXISTS(SELECT 1 AS {q('a')} FROM {exceptions} {q('open_at')} WHERE ({on_day}) {limit})"  # noqa: S608
            f" THEN EXISTS(SELECT 1 AS {q('a')} FROM {exceptions} {q('open_at')} WHERE ({on_day}"
            f" AND NOT {q('open_at')}.{q('closed')} AND {closes} IS NOT NULL AND {opens} IS NOT NULL AND {within}) {limit})"
            f" ELSE EXISTS(SELECT 1 AS {q('a')} FROM {hours} {q('open_at')} WHERE ({facility} = ({ref})"
            f" AND {q('open_at')}.{q('weekday')} IN (%s, %s) AND (({opens} = ({closes}) AND {q('open_at')}.{q('weekday')} = %s)"
            f" OR ({closes} > %s AND {opens} < ({closes}) AND {opens} <= %s AND {q('open_at')}.{q('weekday')} = %s)"
            f" OR ({closes} < ({opens}) AND {opens} <= %s AND {q('open_at')}.{q('weekday')} = %s)"
            f" OR ({closes} > %s AND {closes} < ({opens}) AND {q('open_at')}.{q('weekday')} = %s))) {limit}) END"
        )
        return sql, [
            day, *ref_params,
            day, *ref_params, moment, moment, moment, moment,
            *ref_params, weekday, yesterday, weekday, moment, moment, weekday, moment, weekday, moment, yesterday,
        ]

