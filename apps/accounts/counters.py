"""Counters in the database (``RateCounter``): what must keep counting while Redis is down
(issue 18 item 11). The sign-in lockout counts here always (``lockout``); the API throttles
count here only while the cache is unreachable (``throttle_fallback``, registered with
``apps.core.cache.counters`` when the app loads)."""

import datetime
import hashlib

from django.db import IntegrityError, models, transaction
from django.utils import timezone


def safe_key(text: str) -> str:
    """A key from untrusted text (any characters, any length): hashed when it would not fit."""
    return text if len(text) <= 200 and text.isprintable() else "h:" + hashlib.sha256(text.encode()).hexdigest()


def counts(keys: list[str]) -> dict[str, int]:
    """The live counts of ``keys`` (absent or ended: not in the answer)."""
    from .models import RateCounter

    rows = RateCounter.objects.filter(key__in=keys, expires__gt=timezone.now())
    return dict(rows.values_list("key", "count"))


def add(key: str, *, seconds: float, expires=None) -> int:
    """Add one to ``key`` (started, ending ``seconds`` from now or at ``expires``, when it
    is absent or has ended) and return its new count. Atomic under concurrent requests."""
    from .models import RateCounter

    now = timezone.now()
    counters = RateCounter.objects
    with transaction.atomic():
        if counters.filter(key=key, expires__gt=now).update(count=models.F("count") + 1):
            return counters.filter(key=key).values_list("count", flat=True).first() or 1
    counters.filter(expires__lte=now).delete()  # this key's ended row and any other stale one
    try:
        with transaction.atomic():
            counters.create(key=key, count=1, expires=expires or now + datetime.timedelta(seconds=seconds))
            return 1
    except IntegrityError:  # another request started it meanwhile
        counters.filter(key=key).update(count=models.F("count") + 1)
        return counters.filter(key=key).values_list("count", flat=True).first() or 1


def delete(key: str) -> None:
    from .models import RateCounter

    RateCounter.objects.filter(key=key).delete()


def throttle_fallback(key: str, duration: float, now: float) -> tuple[int, float]:
    """A throttle's count while the cache is down: a fixed window of ``duration`` seconds per
    key (``now``: the throttle's clock). Returns (count including this request, seconds until
    the window ends)."""
    window = int(now // duration)
    ends = (window + 1) * duration
    expires = datetime.datetime.fromtimestamp(ends, tz=datetime.UTC)
    return add(safe_key(f"throttle:{key}:{window}"), seconds=duration, expires=expires), ends - now
