"""A hook for periodic reminders whose query belongs to another app.

The housing-swap app registers a provider (in its ``AppConfig.ready()``)::

    from apps.notices import events, reminders

    @reminders.register(kind=events.APPLICATION_REVIEW_REMINDER)
    def waiting_applications(*, now):
        waiting = Application.objects.waiting_too_long(now)       # its own query
        if not waiting.exists():
            return None
        return reviewers_queryset, {"count": waiting.count(), "days": 7}  # (, "/admin/...")

A provider returns ``None`` (nothing to remind) or ``(recipients, context)`` or
``(recipients, context, link)``; ``recipients`` is what ``event_publish`` accepts. The beat
entry ``notices-reminders`` runs them daily; each provider publishes at most one event per
day (``dedupe_key``), so a re-run job adds no second reminder.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable

from django.utils import timezone

from .events import APPLICATION_REVIEW_REMINDER
from .quiet_hours import BEIJING

logger = logging.getLogger("apps.notices")

Provider = Callable[..., "tuple | None"]
_providers: dict[str, tuple[str, Provider]] = {}


def _name(provider: Provider) -> str:
    return f"{provider.__module__}.{getattr(provider, '__qualname__', repr(provider))}"


def register(provider: Provider | None = None, *, kind: str = APPLICATION_REVIEW_REMINDER):
    """Register ``provider`` for ``kind`` (usable as ``@register`` or ``@register(kind=...)``).
    Registering the same function twice keeps one."""

    def add(func: Provider) -> Provider:
        _providers[_name(func)] = (kind, func)
        return func

    return add(provider) if provider is not None else add


def unregister(provider: Provider) -> None:
    _providers.pop(_name(provider), None)


def providers() -> list[tuple[str, str, Provider]]:
    return [(name, kind, func) for name, (kind, func) in _providers.items()]


def reminders_send(*, now: dt.datetime | None = None) -> int:
    """Ask every provider; publish one event each (per day). Returns events published."""
    from .services import event_publish

    now = now or timezone.now()
    day = now.astimezone(BEIJING).date().isoformat()
    published = 0
    for name, kind, provider in providers():
        result = provider(now=now)
        if not result:
            continue
        recipients, context, *rest = result
        link = rest[0] if rest else ""
        event_publish(
            kind=kind, subject=f"reminder:{name}"[:120], recipients=recipients, context=context or {},
            link=link, dedupe_key=f"reminder:{kind}:{day}:{name}"[:120],
        )
        published += 1
    return published
