from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils import timezone
from django.utils.crypto import salted_hmac
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

    # Raised by "sign out everywhere": every session and API token issued before ends.
    session_epoch = models.PositiveIntegerField(_("session generation"), default=0, editable=False)

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def _get_session_auth_hash(self, secret=None) -> str:
        # Django ends a session whose stored hash no longer matches: after a password change
        # (Django's own rule) and, here, after "sign out everywhere" raised the epoch.
        if not self.session_epoch:
            return super()._get_session_auth_hash(secret=secret)
        return salted_hmac(
            "apps.accounts.User.get_session_auth_hash",
            f"{self.password}|{self.session_epoch}",
            secret=secret,
            algorithm="sha256",
        ).hexdigest()

    @property
    def credential_stamp(self) -> str:
        """Changes whenever the password changes or the user signs out everywhere; an API
        token issued under another stamp is void (apps/accounts/tokens.py)."""
        return salted_hmac(
            "apps.accounts.ApiToken.stamp", f"{self.password}|{self.session_epoch}", algorithm="sha256"
        ).hexdigest()[:32]


class ApiTokenKind(models.TextChoices):
    PERSONAL = "personal", _("Personal (sign-in)")
    OPERATOR = "operator", _("Operator (machine)")


class ApiTokenQuerySet(models.QuerySet):
    def active(self, *, now=None):
        return self.filter(revoked_at__isnull=True, expires__gt=now or timezone.now())


class ApiToken(models.Model):
    """An API key. Only its SHA-256 is stored (the key is shown once, when issued); its
    first characters (``prefix``) find the row and let the owner tell keys apart. Expires
    ``API_TOKEN_TTL_DAYS`` after its last use (sliding); void once revoked, once the owner's
    password changes or once they sign out everywhere (``stamp``)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="api_tokens", verbose_name=_("user"))
    kind = models.CharField(_("kind"), max_length=10, choices=ApiTokenKind.choices,
                            default=ApiTokenKind.PERSONAL)
    name = models.CharField(_("name"), max_length=100, blank=True)
    prefix = models.CharField(_("prefix"), max_length=8, db_index=True)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    stamp = models.CharField(max_length=32, editable=False)
    created = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    last_used = models.DateTimeField(_("last used"), null=True, blank=True)
    expires = models.DateTimeField(_("expires"))
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revoked_reason = models.CharField(_("why revoked"), max_length=30, blank=True)
    # Issued after a second factor (a TOTP code with the password, or from a credential that
    # had passed one): a staff account's token without it is refused (issue 18 item 1).
    second_factor = models.BooleanField(_("issued with a second factor"), default=False, editable=False)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        ordering = ["-created", "-id"]
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        indexes = [models.Index(fields=["user", "kind", "revoked_at"], name="apitoken_owner")]

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.get_kind_display()})"


class SecurityEvent(models.Model):
    """Append-only record of security-relevant account changes: tokens issued and revoked,
    two-factor enrolment and invitations, sign-out everywhere, contact verification, staff
    revealing a resident's contact details."""

    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                              related_name="+", verbose_name=_("actor"))
    subject = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                related_name="security_events", verbose_name=_("account"))
    action = models.CharField(_("action"), max_length=40, db_index=True)
    detail = models.CharField(_("detail"), max_length=300, blank=True)
    ip = models.GenericIPAddressField(_("address"), null=True, blank=True)
    created = models.DateTimeField(_("when"), default=timezone.now, editable=False, db_index=True)

    class Meta:
        ordering = ["-created", "-id"]
        verbose_name = _("security event")
        verbose_name_plural = _("security events")

    def __str__(self) -> str:
        return f"{self.created:%Y-%m-%d %H:%M} {self.action}"


class TwoFactorInvitationQuerySet(models.QuerySet):
    def pending(self, *, now=None):
        return self.filter(used_at__isnull=True, revoked_at__isnull=True, expires__gt=now or timezone.now())


class TwoFactorInvitation(models.Model):
    """The district administrator's leave for one staff member to set up a two-factor device
    (the first one, or a new one after losing a phone). Without a pending invitation a staff
    account cannot enrol: whoever first signs in with a stolen password gets no device."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="two_factor_invitations", verbose_name=_("account"))
    invited_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+", verbose_name=_("invited by"))
    created = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    expires = models.DateTimeField(_("expires"))
    used_at = models.DateTimeField(_("used at"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    objects = TwoFactorInvitationQuerySet.as_manager()

    class Meta:
        ordering = ["-created", "-id"]
        verbose_name = _("two-factor invitation")
        verbose_name_plural = _("two-factor invitations")

    def __str__(self) -> str:
        return f"{self.user_id} {self.created:%Y-%m-%d %H:%M}"


class RateCounter(models.Model):
    """A counter in the database with an end: failed sign-ins and password-reset requests
    per hashed username or client address (apps/accounts/lockout.py), and, while Redis is
    down, the API throttles' counts (apps/accounts/counters.py). Not in the cache, so a
    lockout or limit holds while Redis is unreachable (issue 18 item 11)."""

    key = models.CharField(max_length=200, unique=True)
    count = models.PositiveIntegerField(default=0)
    expires = models.DateTimeField(db_index=True)

    class Meta:
        verbose_name = _("rate counter")
        verbose_name_plural = _("rate counters")

    def __str__(self) -> str:
        return f"{self.key}={self.count}"
