"""What every facility kind's ``seed.py`` does per demo facility: create it published (or
update what differs, never its status), and make its weekly hours exactly the given ones.
Idempotent (see apps.core.seeding)."""

from collections.abc import Iterable
from datetime import time

from apps.core.seeding import sync_children, upsert

from .models import Community, FacilityStatus, OpeningHours

ALL_WEEK = range(7)
WEEKDAYS = range(5)
MONDAY_TO_SATURDAY = range(6)


def seed_facility(model, *, code: str, kind: str, values: dict,
                  hours: Iterable[tuple[int, time, time]] = ()) -> tuple[object, bool]:
    """The facility of ``model`` with ``code``; ``hours``: (weekday, opens, closes) periods.
    Returns (facility, created)."""
    facility, created = upsert(model, {"code": code}, {"kind": kind, **values},
                               create_only={"status": FacilityStatus.PUBLISHED})
    sync_children(OpeningHours.objects.filter(facility=facility), ("weekday", "opens"), [
        {"weekday": day, "opens": opens, "closes": closes} for day, opens, closes in hours
    ], facility=facility)
    return facility, created


def weekly(days: Iterable[int], opens: time, closes: time) -> list[tuple[int, time, time]]:
    return [(day, opens, closes) for day in days]


def communities_by_code() -> list[Community]:
    """The seeded communities in code order (sub-district by sub-district)."""
    return list(Community.objects.select_related("sub_district").order_by("code"))
