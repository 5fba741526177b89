"""Each facility's "open now" stored with the moment it stops being true (issue 21).

The lists' ``open_now`` filter asked every row it read whether a period or exception covers
the moment: three index probes per row, which at night (few open) meant a sub-district's
thousands of facilities read through 40,000 probes for one 20-row page (bench/lists.py). A
facility's answer only changes at its own opening and closing times, so it is stored
(``Facility.open_state``) with the first moment it changes (``Facility.open_until``,
:func:`apps.places.hours.next_change`); the kind list indexes hold both, and the filter
(:func:`apps.places.selectors.open_at_q`) takes the stored answer while it is valid and asks
the hours, as before, only where it is not: never computed, hours changed since, or passed
before a refresh came. So the answer is always exact; the stored state only makes it cheap.

Kept by:
- :func:`refresh_open_states`, every minute (``places.refresh_open_states`` in beat.py): the
  rows whose state has run out or was never computed, in batches;
- :func:`invalidate` on every save or delete of opening hours or an exception (signals,
  connected in ``PlacesConfig.ready``). A write of hours that bypasses them (SQL, bulk_create)
  must be followed by ``refresh_open_states --all``, as bench/lists.py does; new facilities
  need nothing (no state stored yet: their hours are asked until the job has run).
"""

from __future__ import annotations

import secrets
from datetime import UTC, datetime, timedelta
from itertools import groupby

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from .hours import DayException, Period, is_open_at, next_change
from .models import Facility, OpeningException, OpeningHours

BATCH = 2000
# how far ahead a state is computed at most (then computed again): past a week of weekly hours
# the answer repeats, and exceptions are dated, so a refresh a week on finds the same answer
HORIZON = timedelta(days=8)


def stale_q(when: datetime) -> Q:
    """Facilities whose stored state is not valid at ``when``."""
    return Q(open_until__isnull=True) | Q(open_until__lte=when)


def refresh_open_states(when: datetime | None = None, *, ids=None, batch: int = BATCH) -> int:
    """Computes the state at ``when`` (default: now) and its end for every facility whose stored
    state is not valid then (or for ``ids``, valid or not). Returns the number of rows written.

    Each batch is first claimed: its ``open_until`` set to a moment of this run's own, long
    past (so still out of date to the filter). A change of hours while the batch is computed
    resets it (:func:`invalidate`), and the batch's write, made only where the claim is still
    there, leaves that row for the next refresh instead of storing a state from the old hours."""
    when = timezone.localtime(when) if when is not None else timezone.localtime()
    if ids is None:  # read from the open_until index (a minute's run finds few)
        ids = Facility.objects.filter(stale_q(when)).order_by().values_list("pk", flat=True)
        forced = False
    else:
        forced = True
    ids = sorted(ids)
    written = 0
    for start in range(0, len(ids), batch):
        chunk = ids[start:start + batch]
        claim = datetime(1970, 1, 1, tzinfo=UTC) + timedelta(seconds=secrets.randbelow(10**9))
        claimed = Facility.objects.filter(pk__in=chunk)
        if not forced:
            claimed = claimed.filter(stale_q(when))  # still out of date (another run may have been quicker)
        claimed.update(open_until=claim)
        written += _write(when, chunk, claim)
    return written


def _write(when: datetime, chunk: list[int], claim: datetime) -> int:
    """Stores the state at ``when`` of the facilities of ``chunk`` still holding ``claim``."""
    first, last = chunk[0], chunk[-1]
    hours: dict[int, list] = {pk: [] for pk in chunk}
    for facility_id, *period in OpeningHours.objects.filter(facility_id__gte=first, facility_id__lte=last).values_list(
            "facility_id", "weekday", "opens", "closes"):
        if facility_id in hours:
            hours[facility_id].append(Period(*period))
    exceptions: dict[int, list] = {pk: [] for pk in chunk}
    for facility_id, *day in OpeningException.objects.filter(
        facility_id__gte=first, facility_id__lte=last, date__gte=when.date(), date__lte=(when + HORIZON).date(),
    ).values_list("facility_id", "date", "closed", "opens", "closes"):
        if facility_id in exceptions:
            exceptions[facility_id].append(DayException(*day))
    states = sorted(
        ((_state(when, hours[pk], exceptions[pk]), pk) for pk in chunk), key=lambda item: item[0])
    written = 0
    with transaction.atomic():
        for (state, until), group in groupby(states, key=lambda item: item[0]):
            rows = Facility.objects.filter(pk__in=[pk for _, pk in group], open_until=claim)
            written += rows.update(open_state=state, open_until=until)
    return written


def _state(when: datetime, hours: list, exceptions: list) -> tuple[bool, datetime]:
    return is_open_at(when, hours, exceptions), next_change(when, hours, exceptions, HORIZON)


def invalidate(facility_ids) -> None:
    """Marks the facilities' stored state out of date (their hours or exceptions changed): the
    filter asks their hours until the next refresh."""
    Facility.objects.filter(pk__in=list(facility_ids), open_until__isnull=False).update(open_until=None)


def _on_change(sender, instance, **kwargs) -> None:
    invalidate([instance.facility_id])


def connect() -> None:
    from django.db.models.signals import post_delete, post_save

    for model in (OpeningHours, OpeningException):
        post_save.connect(_on_change, sender=model, dispatch_uid=f"open_state_{model.__name__}_save")
        post_delete.connect(_on_change, sender=model, dispatch_uid=f"open_state_{model.__name__}_delete")
