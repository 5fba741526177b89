"""SMS quiet hours: no SMS between the user's start and end time (Beijing time)."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

BEIJING = ZoneInfo("Asia/Shanghai")


def quiet_until(now: dt.datetime, start: dt.time | None, end: dt.time | None) -> dt.datetime | None:
    """When quiet hours that include ``now`` end (aware, Beijing time), or ``None`` when
    ``now`` is outside them (or none are set). A window may span midnight (22:00-07:00);
    start == end means no quiet hours."""
    if start is None or end is None or start == end:
        return None
    local = now.astimezone(BEIJING)
    t = local.time().replace(tzinfo=None)
    if start < end:
        inside = start <= t < end
        end_day = local.date()
    else:  # spans midnight
        inside = t >= start or t < end
        end_day = local.date() + dt.timedelta(days=1) if t >= start else local.date()
    if not inside:
        return None
    return dt.datetime.combine(end_day, end, tzinfo=BEIJING)
