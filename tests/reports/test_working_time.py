import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from apps.reports.working_time import BEIJING, WorkCalendar


def bj(*args):
    return dt.datetime(*args, tzinfo=BEIJING)


CAL = WorkCalendar(holidays=frozenset({dt.date(2026, 10, 1), dt.date(2026, 10, 2)}),
                   extra_workdays=frozenset({dt.date(2026, 10, 10)}))


def test_hours_inside_a_working_day():
    assert CAL.add_working_hours(bj(2026, 12, 1, 10, 0), 4) == bj(2026, 12, 1, 14, 0)


def test_hours_run_over_into_the_next_working_day():
    assert CAL.add_working_hours(bj(2026, 12, 1, 15, 0), 4) == bj(2026, 12, 2, 11, 0)


def test_friday_evening_waits_for_monday_morning():
    assert CAL.add_working_hours(bj(2026, 12, 4, 20, 0), 2) == bj(2026, 12, 7, 11, 0)


def test_holidays_are_skipped_and_makeup_saturdays_count():
    # Wed 30 Sep 16:00 + 2 h: 1 h left on Wed, Thu 1 and Fri 2 Oct are holidays, Mon 5 Oct 10:00
    assert CAL.add_working_hours(bj(2026, 9, 30, 16, 0), 2) == bj(2026, 10, 5, 10, 0)
    # Friday 9 Oct + 1 working day is Saturday 10 Oct (a make-up working day)
    assert CAL.add_working_days(bj(2026, 10, 9, 12, 0), 1) == bj(2026, 10, 10, 17, 0)


def test_days_end_at_the_close_of_the_nth_working_day():
    assert CAL.add_working_days(bj(2026, 12, 4, 18, 0), 1) == bj(2026, 12, 7, 17, 0)
    assert CAL.add_working_days(bj(2026, 12, 1, 9, 0), 5) == bj(2026, 12, 8, 17, 0)


def test_naive_start_is_refused():
    with pytest.raises(ValueError):
        CAL.add_working_hours(dt.datetime(2026, 12, 1, 10, 0), 1)  # noqa: DTZ001


@given(
    start=st.datetimes(min_value=dt.datetime(2026, 1, 1), max_value=dt.datetime(2027, 12, 31), timezones=st.just(BEIJING)),
    hours=st.integers(min_value=1, max_value=80),
)
def test_deadlines_fall_inside_working_hours_and_never_before_the_start(start, hours):
    due = CAL.add_working_hours(start, hours).astimezone(BEIJING)
    assert due > start
    assert CAL.is_workday(due.date())
    assert dt.time(9, 0) < due.time() <= dt.time(17, 0)
    assert due - start >= dt.timedelta(hours=hours)
