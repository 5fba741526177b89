"""Notification preferences (per user and channel), quiet hours, unsubscribe, read marks."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import DEFAULT_FREQUENCY, Channel, Frequency, Notice, NoticeStatus, NotificationPreference

S = NoticeStatus
# In-app notices are always made (CONTRACT §4); people choose for email and SMS.
CHOOSABLE_CHANNELS = (Channel.EMAIL, Channel.SMS)


def preferences_for(*, user) -> dict[str, str]:
    """The user's frequency per channel, defaults filled in."""
    chosen = dict(NotificationPreference.objects.filter(user=user).values_list("channel", "frequency"))
    result = {str(channel): str(chosen.get(channel, DEFAULT_FREQUENCY[channel])) for channel in Channel}
    result[Channel.IN_APP] = Frequency.IMMEDIATELY
    return result


@transaction.atomic
def preference_set(*, user, channel: str, frequency: str) -> NotificationPreference:
    if channel not in CHOOSABLE_CHANNELS:
        raise ValidationError({"channel": [_("In-app notices are always on; choose email or SMS.")]})
    if frequency not in Frequency.values:
        raise ValidationError({"frequency": [_("Choose immediately, daily, weekly or off.")]})
    if channel == Channel.EMAIL and frequency != Frequency.OFF and not user.email:
        raise ValidationError({"email": [_("Add an email address to your account first.")]})
    if channel == Channel.SMS and frequency != Frequency.OFF and not user.phone:
        raise ValidationError({"sms": [_("Add a mobile phone number to your account first.")]})
    preference, _created = NotificationPreference.objects.update_or_create(
        user=user, channel=channel, defaults={"frequency": frequency}
    )
    if frequency == Frequency.OFF:
        # nothing more goes out on a channel the person turned off
        Notice.objects.filter(
            recipient=user, channel=channel, status__in=(S.CREATED, S.HELD, S.FAILED_TEMPORARY)
        ).update(status=S.CANCELLED, last_error="cancelled: channel turned off")
    return preference


@transaction.atomic
def preferences_update(*, user, frequencies: dict[str, str] | None = None,
                       quiet_start: dt.time | None = None, quiet_end: dt.time | None = None,
                       set_quiet_hours: bool = False) -> dict[str, str]:
    errors: dict[str, list[str]] = {}
    for channel, frequency in (frequencies or {}).items():
        try:
            preference_set(user=user, channel=channel, frequency=frequency)
        except ValidationError as exc:
            for field, messages in exc.message_dict.items():
                errors.setdefault(field, []).extend(messages)
    if set_quiet_hours:
        if (quiet_start is None) != (quiet_end is None):
            errors.setdefault("sms_quiet_end", []).append(_("Give both the start and the end of quiet hours, or neither."))
        else:
            user.sms_quiet_start, user.sms_quiet_end = quiet_start, quiet_end
            user.save(update_fields=["sms_quiet_start", "sms_quiet_end"])
    if errors:
        raise ValidationError(errors)
    return preferences_for(user=user)


def unsubscribe(*, user_id: int, channel: str) -> bool:
    """One-click unsubscribe from a signed link: the channel is turned off. Returns False
    when the user no longer exists."""
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.filter(pk=user_id).first()
    if user is None or channel not in CHOOSABLE_CHANNELS:
        return False
    preference_set(user=user, channel=channel, frequency=Frequency.OFF)
    return True


def notice_mark_read(*, user, notice_id: int) -> Notice:
    notice = Notice.objects.in_app().for_recipient(user).get(pk=notice_id)
    if notice.read_at is None:
        Notice.objects.filter(pk=notice.pk, read_at__isnull=True).update(read_at=timezone.now())
        notice.refresh_from_db(fields=["read_at"])
    return notice


def notices_mark_all_read(*, user) -> int:
    return Notice.objects.in_app().for_recipient(user).unread().update(read_at=timezone.now())
