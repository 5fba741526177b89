""""Is it open now?" from weekly opening hours and exception days (pure functions)."""

from collections.abc import Iterable
from datetime import datetime, time


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
