"""The pending work shown on each staff member's admin home (issue 7).

The lines come from the apps that own the work: each declares ``PendingWork`` contributions
(``apps/<app>/pending.py``, registered in its ``AppConfig.ready()``). A line is shown to a
staff member with its permission, as a ``PendingItem`` with a count and a link to the change
list filtered the same way. Every line runs at most one counting query (plus the user's
permissions and scope, loaded once and cached on the user/request), whatever the amount of
data, so the home page runs a constant number of queries.
"""

import datetime as dt
from dataclasses import dataclass, field

from django.utils import timezone

from apps.accounts.scoping import scoped_sub_district_ids
from apps.core.contributions import PendingWork, contributions


@dataclass(frozen=True)
class PendingItem:
    key: str
    label: str
    count: int
    url: str


@dataclass
class PendingContext:
    """What the lines of one admin home share: the moment, the user's scope (loaded once)
    and a memo for a query that serves several lines."""

    user: object
    now: dt.datetime = field(default_factory=timezone.now)
    memo: dict = field(default_factory=dict)

    @property
    def today(self) -> dt.date:
        return timezone.localdate(self.now)

    def scope(self):
        """The user's sub-district ids, or ``None`` when they see every sub-district."""
        if "scope" not in self.memo:
            self.memo["scope"] = scoped_sub_district_ids(self.user)
        return self.memo["scope"]


def pending_work(user, *, now: dt.datetime | None = None) -> list[PendingItem]:
    """Everything the user may see, in a fixed order (counts of zero included: "nothing
    waiting" is worth saying)."""
    if not (user.is_active and user.is_staff):
        return []
    context = PendingContext(user, **({"now": now} if now else {}))
    items: list[PendingItem] = []
    for work in contributions(PendingWork):
        if not user.has_perm(work.permission):
            continue
        items.append(PendingItem(work.key, work.label, work.count(user, context), work.url(context)))
    return items
