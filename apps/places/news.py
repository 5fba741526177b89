"""News about one facility that the people following it should hear (issue 20): it closes
temporarily, its hours change, or part of it has been out of order for long.

``places`` knows when a facility's status and hours change (its services and its admin's
opening-hours inlines) but not who follows it nor how they are told: it hands each piece of
news to the listeners registered here (``apps.notices`` registers the one that tells the
followers, in its ``AppConfig.ready()``), inside the transaction that made the change, so a
rolled-back change tells no one. Each piece of news carries its own idempotency ``key``: the
same change told twice (a re-run, a repeated form) reaches no one twice.

Outages are the kinds' own (charging: a charge point reported out of order; parking: a car
park's live count gone silent): a kind contributes a
:class:`~apps.core.contributions.FacilityOutages` in its ``AppConfig.ready()``, and the
notices app's beat task asks every contributed source for the outages that have lasted long."""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime

CLOSED = "closed"  # temporarily closed (the status), or closed on a coming day (an exception)
HOURS = "hours"  # the weekly hours changed, or a coming day has other hours (an exception)
OUT_OF_ORDER = "out_of_order"  # a part of the facility has been out of order for long (outages)
WHATS = (CLOSED, HOURS, OUT_OF_ORDER)


@dataclass(frozen=True)
class FacilityNews:
    facility_id: int
    what: str  # one of WHATS
    key: str  # the idempotency key: the same change, told again, has the same key
    on: date | None = None  # the day concerned (an exception), None: from now on
    since: datetime | None = None  # out of order since
    part: str = ""  # which part (a charge point's label)
    details: dict = field(default_factory=dict)  # non-personal values for the message (hours...)


_LISTENERS: list[Callable[[FacilityNews], None]] = []


def on_facility_news(listener: Callable[[FacilityNews], None]) -> None:
    if listener not in _LISTENERS:
        _LISTENERS.append(listener)


def facility_news(news: FacilityNews) -> None:
    """Tell every listener (call it inside the transaction of the change)."""
    if news.what not in WHATS:
        raise ValueError(f"unknown facility news {news.what!r}")
    for listener in _LISTENERS:
        listener(news)


def hours_text(periods) -> str:
    """``"1 08:00–17:00, 2 08:00–17:00"``: weekly hours (weekday 0 = Monday) as a stable text,
    the same for the same hours whatever their order."""
    return ", ".join(sorted(f"{p.weekday} {p.opens:%H:%M}–{p.closes:%H:%M}" for p in periods))
