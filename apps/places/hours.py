""""Is it open now?" from weekly opening hours and exception days (pure functions)."""

from collections.abc import Iterable
from datetime import date, datetime, time, timedelta
from typing import NamedTuple


class Period(NamedTuple):
    """A weekly period as the functions below read it (an OpeningHours row's values)."""

    weekday: int
    opens: time
    closes: time


class DayException(NamedTuple):
    """An exception day as the functions below read it (an OpeningException row's values)."""

    date: date
    closed: bool
    opens: time | None
    closes: time | None


def _within(moment: time, opens: time, closes: time) -> bool:
    if opens == closes:  # open around the clock
        return True
    if opens < closes:
        return opens <= moment < closes
    return moment >= opens or moment < closes  # past midnight


def is_open_at(when: datetime, hours: Iterable, exceptions: Iterable = ()) -> bool:
    """``when`` is a local (Asia/Shanghai) datetime; ``hours`` are OpeningHours-like objects
    (weekday, opens, closes); ``exceptions`` OpeningException-like (date, closed, opens, closes).
    An exception for the day replaces the weekly hours. Periods past midnight count on the
    previous weekday too."""
    today = when.date()
    moment = when.time()
    for exception in exceptions:
        if exception.date == today:
            if exception.closed or exception.opens is None or exception.closes is None:
                return False
            return _within(moment, exception.opens, exception.closes)
    weekday = when.weekday()
    yesterday = (weekday - 1) % 7
    for period in hours:
        if period.weekday == weekday and _within(moment, period.opens, period.closes) and (
            period.opens <= period.closes or moment >= period.opens
        ):
            return True
        if period.weekday == yesterday and period.closes < period.opens and moment < period.closes:
            return True
    return False


def next_change(when: datetime, hours: Iterable, exceptions: Iterable = (), horizon: timedelta = timedelta(days=8)) -> datetime:
    """The first moment after ``when`` at which :func:`is_open_at` gives another answer than at
    ``when``, or ``when + horizon`` if none comes before (the stored open-now state of
    :mod:`apps.places.open_state` is valid until then). The answer can only change where a day
    begins or at one of the periods' or exceptions' opening or closing times, so those are the
    moments tried, in order."""
    hours, exceptions = list(hours), list(exceptions)
    state = is_open_at(when, hours, exceptions)
    times = {time(0)}
    for item in (*hours, *exceptions):
        times.update(t for t in (item.opens, item.closes) if t is not None)
    ordered = sorted(times)
    end = when + horizon
    day = when.date()
    while True:
        for moment in ordered:
            candidate = datetime.combine(day, moment, tzinfo=when.tzinfo)
            if candidate <= when:
                continue
            if candidate >= end:
                return end
            if is_open_at(candidate, hours, exceptions) != state:
                return candidate
        day += timedelta(days=1)
