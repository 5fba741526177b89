"""The transactional outbox. A domain change calls :func:`apps.notices.services.event_publish`
inside its own transaction; the event row and its notice rows commit or roll back with it.

A :class:`Notice` is one message to one recipient on one channel. Its ``status`` is the
delivery lifecycle (see :data:`TRANSITIONS`); a unique constraint on
``(event, recipient, channel)`` makes a re-run fan-out harmless, and the conditional
``UPDATE`` in :func:`apps.notices.delivery.notice_claim` makes a re-delivered task harmless.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

__all__ = [
    "DEFAULT_FREQUENCY", "TRANSITIONS", "Channel", "ContactCodeSent", "ContactVerification", "Event", "Follow",
    "Frequency", "Notice", "NoticeStatus", "NotificationPreference",
]


class Channel(models.TextChoices):
    IN_APP = "in_app", _("In-app")
    EMAIL = "email", _("Email")
    SMS = "sms", _("SMS")


class Frequency(models.TextChoices):
    IMMEDIATELY = "immediately", _("Immediately")
    DAILY = "daily", _("Daily digest")
    WEEKLY = "weekly", _("Weekly digest")
    OFF = "off", _("Off")


# What a user gets when they have not chosen: in-app and email at once, SMS off.
DEFAULT_FREQUENCY = {
    Channel.IN_APP: Frequency.IMMEDIATELY,
    Channel.EMAIL: Frequency.IMMEDIATELY,
    Channel.SMS: Frequency.OFF,
}


class NotificationPreference(models.Model):
    """How often a user wants notices on one channel (moved from ``accounts`` with its rows,
    issue 16: migrations notices 0004 and accounts 0005)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preferences"
    )
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    frequency = models.CharField(
        _("frequency"), max_length=12, choices=Frequency.choices, default=Frequency.IMMEDIATELY
    )

    class Meta:
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")
        constraints = [
            models.UniqueConstraint(fields=["user", "channel"], name="one_preference_per_channel")
        ]

    def __str__(self) -> str:
        return f"{self.user_id} {self.channel}={self.frequency}"


class Event(models.Model):
    """Something happened that people should hear about (one per domain change)."""

    kind = models.CharField(_("kind"), max_length=60, db_index=True)
    # The object the event is about, as "app_label.model:pk" (no FK: any domain model).
    subject = models.CharField(_("subject"), max_length=120, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+", verbose_name=_("actor"),
    )
    # Non-personal values the message templates need (titles, numbers, statuses, link).
    context = models.JSONField(_("context"), default=dict, blank=True)
    link = models.CharField(_("link"), max_length=300, blank=True)
    # Set by periodic publishers (digests, reminders) so a re-run job publishes once.
    dedupe_key = models.CharField(_("de-duplication key"), max_length=120, blank=True, default="")
    created_at = models.DateTimeField(_("created at"), default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("event")
        verbose_name_plural = _("events")
        constraints = [
            models.UniqueConstraint(
                fields=["dedupe_key"], condition=~Q(dedupe_key=""), name="notices_event_unique_dedupe_key"
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.subject}"


class NoticeStatus(models.TextChoices):
    CREATED = "created", _("Created")
    HELD = "held", _("Held for digest")
    SENDING = "sending", _("Sending")
    SENT = "sent", _("Sent")
    FAILED_TEMPORARY = "failed_temporary", _("Failed, will retry")
    FAILED_PERMANENT = "failed_permanent", _("Failed permanently")
    CANCELLED = "cancelled", _("Cancelled")


S = NoticeStatus
# The delivery workflow: which status may follow which. Every status change goes through
# a conditional UPDATE that names the statuses it may leave (see delivery.py).
TRANSITIONS: dict[str, set[str]] = {
    S.CREATED: {S.SENDING, S.CANCELLED},
    S.HELD: {S.SENT, S.FAILED_PERMANENT, S.CANCELLED},  # through a digest
    S.SENDING: {S.SENT, S.FAILED_TEMPORARY, S.FAILED_PERMANENT},  # lease expiry -> failed_temporary
    S.FAILED_TEMPORARY: {S.SENDING, S.CANCELLED, S.CREATED},
    S.FAILED_PERMANENT: {S.CREATED},  # admin "retry failed"
    S.SENT: set(),
    S.CANCELLED: set(),
}
# Statuses a worker may claim (created, or waiting for a retry).
CLAIMABLE = (S.CREATED, S.FAILED_TEMPORARY)
# Not yet delivered and not given up on.
PENDING = (S.CREATED, S.HELD, S.SENDING, S.FAILED_TEMPORARY)


class NoticeQuerySet(models.QuerySet):
    def in_app(self):
        return self.filter(channel=Channel.IN_APP)

    def for_recipient(self, user):
        return self.filter(recipient=user)

    def unread(self):
        return self.filter(read_at__isnull=True)

    def claimable(self, now):
        return self.filter(status__in=CLAIMABLE, next_attempt_at__lte=now)

    def lease_expired(self, cutoff):
        return self.filter(status=S.SENDING, claimed_at__lt=cutoff)


class Notice(models.Model):
    """One message to one recipient on one channel."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="notices", verbose_name=_("event"))
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notices", verbose_name=_("recipient")
    )
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    # The recipient's frequency for this channel when the notice was made: immediately, or
    # held for the daily or weekly digest.
    frequency = models.CharField(
        _("frequency"), max_length=12, choices=Frequency.choices, default=Frequency.IMMEDIATELY
    )
    status = models.CharField(_("status"), max_length=20, choices=NoticeStatus.choices, default=S.CREATED)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True, default="")
    # The previous attempt was interrupted (worker lost): ask the channel whether it already
    # has the message before sending again.
    needs_reconcile = models.BooleanField(_("needs reconciliation"), default=False)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    # When it may next be claimed (retry backoff, SMS quiet hours, sweeper grace).
    next_attempt_at = models.DateTimeField(_("next attempt at"), default=timezone.now)
    claimed_at = models.DateTimeField(_("claimed at"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    # For a notice held for a digest: the digest notice that carries it.
    digest = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="digested",
        verbose_name=_("delivered in digest"),
    )

    objects = NoticeQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("notice")
        verbose_name_plural = _("notices")
        constraints = [
            models.UniqueConstraint(
                fields=["event", "recipient", "channel"], name="notices_one_per_event_recipient_channel"
            ),
        ]
        indexes = [
            models.Index(fields=["recipient", "channel", "read_at"], name="notices_inbox_idx"),
            models.Index(fields=["status", "next_attempt_at"], name="notices_due_idx"),
            models.Index(
                fields=["frequency", "channel", "recipient"], condition=Q(status="held"),
                name="notices_held_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.event_id}/{self.recipient_id}/{self.channel}: {self.status}"

    @property
    def is_read(self) -> bool:
        return self.read_at is not None


class ContactVerification(models.Model):
    """Whether a user's email address or mobile number is proven theirs (issue 18 item 8).

    One row per user and channel. ``address`` is the address the last code went to (and,
    once ``verified_at`` is set, the address that was verified): a contact is verified only
    while it equals the account's current email / phone, so changing the address un-verifies
    it by itself, whichever flow changed it. Only a keyed hash of the code is stored."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="contact_verifications",
        verbose_name=_("user"),
    )
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    address = models.CharField(_("address"), max_length=254, blank=True)
    code_hash = models.CharField(max_length=64, blank=True, editable=False)
    code_expires_at = models.DateTimeField(_("code expires at"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("wrong codes entered"), default=0)
    verified_at = models.DateTimeField(_("verified at"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated at"), default=timezone.now)

    class Meta:
        verbose_name = _("contact verification")
        verbose_name_plural = _("contact verifications")
        constraints = [
            models.UniqueConstraint(fields=["user", "channel"], name="notices_one_verification_per_channel"),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} {self.channel}: {'verified' if self.verified_at else 'unverified'}"


class ContactCodeSent(models.Model):
    """One verification code sent, for the rate limits per account and per address (kept in
    the database so the limits hold when the cache is down). The address is a keyed hash."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("user"),
    )
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    address_hash = models.CharField(max_length=64, db_index=True, editable=False)
    sent_at = models.DateTimeField(_("sent at"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("verification code sent")
        verbose_name_plural = _("verification codes sent")

    def __str__(self) -> str:
        return f"{self.user_id} {self.channel} {self.sent_at:%Y-%m-%d %H:%M}"


class Follow(models.Model):
    """A person follows something to hear about it: a facility (issue 20) or any other subject
    named as events name theirs, ``"app_label.model:pk"`` (:func:`services.subject_key`). The
    events published about the subject reach its followers (:mod:`apps.notices.follows`)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="follows", verbose_name=_("user"),
    )
    subject = models.CharField(_("subject"), max_length=120)
    created_at = models.DateTimeField(_("followed at"), default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("follow")
        verbose_name_plural = _("follows")
        constraints = [
            models.UniqueConstraint(fields=["user", "subject"], name="notices_one_follow_per_user_subject"),
        ]
        indexes = [models.Index(fields=["subject", "user"], name="notices_follow_subject_idx")]

    def __str__(self) -> str:
        return f"{self.user_id} follows {self.subject}"
