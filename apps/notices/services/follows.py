"""Following a subject (issue 20: a facility) and telling its followers.

A :class:`~apps.notices.models.Follow` names its subject as events name theirs
(``"places.facility:12"``); the events published about the subject go to its followers. The
facility news comes from ``apps.places.news`` (status and hours changes, through the listener
registered in ``NoticesConfig.ready()``) and from the kinds' contributed outages, asked by the
beat task (:func:`facility_outages_notify`). Every event has an idempotency key
(``Event.dedupe_key``): the same news told twice reaches nobody twice, and a follower who
joins between two runs gets it once."""

from __future__ import annotations

import logging
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation

from apps.core.contributions import FacilityOutages, contributors
from apps.core.rows import get_or_create_once
from apps.places import news as places_news
from apps.places import registry
from apps.places.models import Facility

from .. import conf, events
from ..models import Event, Follow
from .publish import event_publish

logger = logging.getLogger("apps.notices")

FACILITY = "places.facility"
EVENT_KINDS = {
    places_news.CLOSED: events.FACILITY_CLOSED,
    places_news.HOURS: events.FACILITY_HOURS,
    places_news.OUT_OF_ORDER: events.FACILITY_OUT_OF_ORDER,
}


def facility_subject(facility_id: int) -> str:
    return f"{FACILITY}:{int(facility_id)}"


def follow_add(*, user, subject: str) -> tuple[Follow, bool]:
    """Follow ``subject``; following twice is harmless (returns the existing follow)."""
    return get_or_create_once(Follow, user=user, subject=subject)


@transaction.atomic
def follow_remove(*, user, subject: str) -> bool:
    """Stop following; unfollowing what one doesn't follow is harmless."""
    deleted, _details = Follow.objects.filter(user=user, subject=subject).delete()
    return bool(deleted)


def follower_ids(subject: str):
    return Follow.objects.filter(subject=subject).values_list("user_id", flat=True)


def facility_news_publish(news: places_news.FacilityNews) -> Event | None:
    """Tell the facility's followers (one event, its key the news' key). Nothing when nobody
    follows it. Called inside the transaction of the change (or of the beat task)."""
    subject = facility_subject(news.facility_id)
    followers = follower_ids(subject)
    if not followers.exists():
        return None
    facility = Facility.objects.filter(pk=news.facility_id).values("kind", "name", "name_en").first()
    if facility is None:
        return None
    context = {
        "name": facility["name"], "name_en": facility["name_en"] or facility["name"],
        "kind_label": registry.kind_label(facility["kind"]),
        "on": news.on.isoformat() if news.on else "",
        "since": timezone.localtime(news.since).strftime("%Y-%m-%d %H:%M") if news.since else "",
        "part": news.part, **news.details,
    }
    return event_publish(
        kind=EVENT_KINDS[news.what], subject=subject, recipients=followers, context=context,
        link=registry.detail_url(facility["kind"], news.facility_id), dedupe_key=news.key[:120],
    )


def outage_key(kind: str, facility_id: int, part_key: str, since) -> str:
    return f"facility:{int(facility_id)}:out:{kind}:{part_key}:{since.timestamp():.0f}"


def facility_outages_notify(*, now=None) -> int:
    """The beat task: every contributed outage that has lasted ``NOTICES_OUTAGE_MINUTES``
    (and began less than ``NOTICES_OUTAGE_LOOKBACK_HOURS`` before that) is told to the
    facility's followers, once per outage (the key is the part and the outage's start).
    Returns how many outages were told (or told again to new followers)."""
    now = now or timezone.now()
    started_before = now - timedelta(minutes=conf.outage_minutes())
    started_after = started_before - timedelta(hours=conf.outage_lookback_hours())
    told = 0
    for _app, source in contributors(FacilityOutages):
        for facility_id, part_key, part_label, since in source.outages(started_after, started_before):
            with translation.override(settings.LANGUAGE_CODE):
                part = str(part_label)
            with translation.override("en"):
                part_en = str(part_label)
            news = places_news.FacilityNews(
                facility_id=facility_id, what=places_news.OUT_OF_ORDER, since=since, part=part,
                details={"part_en": part_en}, key=outage_key(source.kind, facility_id, part_key, since),
            )
            with transaction.atomic():
                told += facility_news_publish(news) is not None
    return told
