from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from apps.core.phone import validate_mainland_mobile


class User(AbstractUser):
    """A resident, an official or both. ``phone`` is personal data: masked when shown."""

    phone = models.CharField(
        _("mobile phone"), max_length=11, blank=True, validators=[validate_mainland_mobile],
        help_text=_("Mainland China mobile number, used only for notices you choose to get by SMS."),
    )
    preferred_language = models.CharField(
        _("preferred language"), max_length=10, choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
    )
    sms_quiet_start = models.TimeField(
        _("SMS quiet hours start"), null=True, blank=True,
        help_text=_("No SMS is sent between these times (Beijing time); they wait until the end."),
    )
    sms_quiet_end = models.TimeField(_("SMS quiet hours end"), null=True, blank=True)
    sub_districts = models.ManyToManyField(
        "places.SubDistrict", blank=True, related_name="staff",
        verbose_name=_("sub-districts managed"),
        help_text=_("For sub-district officials: the sub-districts whose facilities and projects they manage."),
    )

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")


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
    """How often a user wants notices on one channel."""

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
