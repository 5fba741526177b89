from collections.abc import Iterable

from django.db import models, transaction

from .models import Event


def subject_key(obj: models.Model) -> str:
    return f"{obj._meta.label_lower}:{obj.pk}"


@transaction.atomic
def event_publish(
    *,
    kind: str,
    subject: models.Model,
    recipients: "models.QuerySet | Iterable[int]",
    context: dict | None = None,
    link: str = "",
    actor=None,
) -> Event:
    """The one door from a domain into notices.

    Call it inside the transaction that makes the change: it writes the event and (through
    the notices feature) one notice row per recipient and channel, so a rolled-back change
    produces no notice, and delivery is scheduled only after commit.

    ``recipients`` is a queryset of users (or of user ids) or an iterable of user ids; a
    queryset is never loaded whole into memory. ``context`` holds non-personal values for
    the message templates (titles, numbers, statuses); never ID or phone numbers.
    """
    event = Event.objects.create(
        kind=kind, subject=subject_key(subject), context=context or {}, link=link, actor=actor
    )
    # Fan-out into notice rows and delivery scheduling: the notices feature.
    return event
