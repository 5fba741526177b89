"""Deadlines in Beijing working time (pure functions, no database).

A working day is Monday to Friday in Asia/Shanghai, minus the public holidays, plus the
weekend days made working days in exchange (调休). Both lists come from the settings
``REPORTS_HOLIDAYS`` and ``REPORTS_EXTRA_WORKDAYS`` (ISO dates): the State Council publishes
them each year, so they are configuration, not code. Working hours are
``REPORTS_WORKDAY_START``-``REPORTS_WORKDAY_END`` (default 09:00-17:00).

``add_working_hours(start, n)``: the moment ``n`` working hours after ``start``.
``add_working_days(start, n)``: the end of the ``n``-th working day after ``start``'s day
(a report made on Friday evening with 1 working day is due at the end of Monday).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

BEIJING = ZoneInfo("Asia/Shanghai")


@dataclass(frozen=True)
class WorkCalendar:
    holidays: frozenset[dt.date] = frozenset()
    extra_workdays: frozenset[dt.date] = frozenset()
    day_start: dt.time = dt.time(9, 0)
    day_end: dt.time = dt.time(17, 0)

    def is_workday(self, day: dt.date) -> bool:
        if day in self.extra_workdays:
            return True
        return day.weekday() < 5 and day not in self.holidays

    def next_workday(self, day: dt.date) -> dt.date:
        day += dt.timedelta(days=1)
        while not self.is_workday(day):
            day += dt.timedelta(days=1)
        return day

    def _at(self, day: dt.date, time: dt.time) -> dt.datetime:
        return dt.datetime.combine(day, time, tzinfo=BEIJING)

    def add_working_hours(self, start: dt.datetime, hours: float) -> dt.datetime:
        if start.tzinfo is None:
            raise ValueError("start must be timezone-aware")
        local = start.astimezone(BEIJING)
        day = local.date()
        if not self.is_workday(day) or local.time() >= self.day_end:
            day, clock = self.next_workday(day), self.day_start
        else:
            clock = max(local.time(), self.day_start)
        remaining = dt.timedelta(hours=hours)
        while True:
            begin = self._at(day, clock)
            end = self._at(day, self.day_end)
            if begin + remaining <= end:
                return (begin + remaining).astimezone(dt.UTC)
            remaining -= end - begin
            day, clock = self.next_workday(day), self.day_start

    def add_working_days(self, start: dt.datetime, days: int) -> dt.datetime:
        if start.tzinfo is None:
            raise ValueError("start must be timezone-aware")
        day = start.astimezone(BEIJING).date()
        for _ in range(max(days, 0)):
            day = self.next_workday(day)
        if days <= 0 and not self.is_workday(day):
            day = self.next_workday(day)
        return self._at(day, self.day_end).astimezone(dt.UTC)


def _dates(values) -> frozenset[dt.date]:
    return frozenset(v if isinstance(v, dt.date) else dt.date.fromisoformat(str(v)) for v in values or ())


def calendar_from_settings() -> WorkCalendar:
    from django.conf import settings

    return WorkCalendar(
        holidays=_dates(getattr(settings, "REPORTS_HOLIDAYS", ())),
        extra_workdays=_dates(getattr(settings, "REPORTS_EXTRA_WORKDAYS", ())),
        day_start=dt.time.fromisoformat(getattr(settings, "REPORTS_WORKDAY_START", "09:00")),
        day_end=dt.time.fromisoformat(getattr(settings, "REPORTS_WORKDAY_END", "17:00")),
    )
