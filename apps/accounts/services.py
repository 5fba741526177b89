import datetime
import hmac

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.core.phone import normalize_mobile, validate_mainland_mobile

from . import roles, tokens

User = get_user_model()


@transaction.atomic
def user_register(
    *, username: str, password: str, email: str = "", phone: str = "", language: str = ""
) -> "User":
    """Create a resident account. Raises ``ValidationError`` naming the failing field."""
    errors: dict[str, list[str]] = {}
    username = (username or "").strip()
    user = User(username=username, email=(email or "").strip().lower())
    if language:
        user.preferred_language = language
    try:
        User.username_validator(username)
        if not username:
            raise ValidationError(_("Enter a username."))
    except ValidationError as exc:
        errors["username"] = list(exc.messages)
    else:
        if User.objects.filter(username__iexact=username).exists():
            errors["username"] = [_("This username is already taken.")]
    if phone:
        try:
            validate_mainland_mobile(phone)
            user.phone = normalize_mobile(phone)
        except ValidationError as exc:
            errors["phone"] = list(exc.messages)
    try:
        validate_password(password, user=user)
    except ValidationError as exc:
        errors["password"] = list(exc.messages)
    if errors:
        raise ValidationError(errors)
    user.set_password(password)
    user.full_clean(exclude=["password"])
    user.save()
    resident_group, _created = Group.objects.get_or_create(name=roles.RESIDENT)
    user.groups.add(resident_group)
    return user


# --- Security events ----------------------------------------------------------------


def security_event_record(*, action: str, subject=None, actor=None, detail: str = "", ip: str | None = None):
    """One audit row (``SecurityEvent``). ``detail`` must not hold a secret or personal data."""
    from .models import SecurityEvent

    return SecurityEvent.objects.create(
        action=action, subject=subject, actor=actor, detail=detail[:300], ip=ip or None
    )


# --- API tokens ---------------------------------------------------------------------


@transaction.atomic
def api_token_issue(*, user, kind: str = "personal", name: str = "", actor=None, ip: str | None = None,
                    second_factor: bool = False):
    """Issue a new API token for ``user``. Returns ``(token, key)``: the key is shown to the
    caller once and never stored (only its hash). ``second_factor``: the caller proved a
    second factor (a TOTP code, or a credential that had passed one); a staff account's
    token without it would be refused, so none is issued (``TwoFactorError``)."""
    from .models import ApiToken, ApiTokenKind

    if kind not in ApiTokenKind.values:
        raise ValueError(f"unknown token kind {kind!r}")
    if two_factor_required(user) and not second_factor:
        raise TwoFactorError(_("Staff accounts must confirm a two-factor code first."))
    key = tokens.key_generate()
    now = timezone.now()
    token = ApiToken.objects.create(
        user=user, kind=kind, name=name[:100], prefix=tokens.key_prefix(key), key_hash=tokens.key_hash(key),
        stamp=user.credential_stamp, created=now, expires=now + tokens.lifetime(),
        second_factor=second_factor,
    )
    detail = f"{kind} token {token.prefix}… {name}".strip()
    security_event_record(action="token_issued", subject=user, actor=actor or user, ip=ip,
                          detail=f"{detail} (two-factor)" if second_factor else detail)
    return token, key


@transaction.atomic
def api_token_revoke(*, token, actor=None, reason: str = "revoked", ip: str | None = None) -> bool:
    """Revoke one token (refused at once afterwards). False when it was already revoked."""
    from .models import ApiToken

    updated = ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(
        revoked_at=timezone.now(), revoked_reason=reason[:30]
    )
    if updated:
        security_event_record(action="token_revoked", subject=token.user, actor=actor, ip=ip,
                              detail=f"{token.kind} token {token.prefix}… ({reason})")
    return bool(updated)


def api_token_authenticate(*, key: str, kind: str = "personal"):
    """The live token of ``kind`` whose key is ``key``, or None (unknown, wrong kind, revoked,
    expired, issued before the owner's last password change or sign-out everywhere, or
    the owner is inactive). A successful use pushes the expiry forward (sliding)."""
    from .models import ApiToken

    if not key or len(key) > 100:
        return None
    digest = tokens.key_hash(key)
    now = timezone.now()
    candidates = ApiToken.objects.select_related("user").filter(
        prefix=tokens.key_prefix(key), kind=kind, revoked_at__isnull=True
    )
    token = next((t for t in candidates if hmac.compare_digest(t.key_hash, digest)), None)
    if token is None or token.expires <= now or not token.user.is_active:
        return None
    if two_factor_required(token.user) and not token.second_factor:
        return None  # a staff account's token issued without a second factor (issue 18 item 1)
    if not hmac.compare_digest(token.stamp, token.user.credential_stamp):
        api_token_revoke(token=token, reason="password_changed")
        return None
    if token.last_used is None or now - token.last_used >= tokens.TOUCH_INTERVAL:
        token.last_used = now
        token.expires = now + tokens.lifetime()
        ApiToken.objects.filter(pk=token.pk).update(last_used=token.last_used, expires=token.expires)
    return token


def api_token_verify_second_factor(*, user, otp_token: str):
    """For the token sign-in: nothing for an account without two-factor; for a staff
    account, its confirmed device must accept ``otp_token`` (else ``TwoFactorError``)."""
    if not two_factor_required(user):
        return None
    if not otp_token:
        raise TwoFactorError(_("Staff accounts must also send the current code from their authenticator app."))
    return two_factor_verify(user=user, token=otp_token)


def credential_has_second_factor(request) -> bool:
    """Whether the credential of this (DRF) request passed a second factor: a session
    verified by TOTP, or a token issued with one."""
    auth = getattr(request, "auth", None)
    if auth is not None and hasattr(auth, "second_factor"):
        return bool(auth.second_factor)
    user = getattr(request, "user", None)
    is_verified = getattr(user, "is_verified", None)
    return bool(is_verified and is_verified())


def api_tokens_of(user, *, kind: str = "personal"):
    """The user's live tokens of ``kind``, newest first."""
    from .models import ApiToken

    return ApiToken.objects.active().filter(user=user, kind=kind, stamp=user.credential_stamp)


@transaction.atomic
def api_tokens_revoke_all(*, user, actor=None, reason: str, keep=None, ip: str | None = None) -> int:
    """Revoke every live token of ``user`` (of any kind), except ``keep``."""
    from .models import ApiToken

    tokens_left = ApiToken.objects.filter(user=user, revoked_at__isnull=True)
    if keep is not None:
        tokens_left = tokens_left.exclude(pk=keep.pk)
    count = tokens_left.update(revoked_at=timezone.now(), revoked_reason=reason[:30])
    if count:
        security_event_record(action="tokens_revoked", subject=user, actor=actor, ip=ip,
                              detail=f"{count} token(s) ({reason})")
    return count


@transaction.atomic
def user_password_changed(*, user, actor=None, keep_token=None, reason: str = "password_changed",
                          ip: str | None = None) -> None:
    """After the password was set (change or reset): every token but ``keep_token`` is
    revoked; ``keep_token`` (the one the change was made with) is re-stamped. Tokens issued
    under the old password would be refused anyway (``credential_stamp``); this records it."""
    from .models import ApiToken

    api_tokens_revoke_all(user=user, actor=actor, reason=reason, keep=keep_token, ip=ip)
    if keep_token is not None:
        ApiToken.objects.filter(pk=keep_token.pk).update(stamp=user.credential_stamp)
    security_event_record(action=reason, subject=user, actor=actor or user, ip=ip)


@transaction.atomic
def user_sign_out_everywhere(*, user, actor=None, ip: str | None = None) -> None:
    """End every session and revoke every API token of ``user``."""
    User.objects.filter(pk=user.pk).update(session_epoch=models.F("session_epoch") + 1)
    user.refresh_from_db(fields=["session_epoch"])
    api_tokens_revoke_all(user=user, actor=actor or user, reason="signed_out_everywhere", ip=ip)
    security_event_record(action="signed_out_everywhere", subject=user, actor=actor or user, ip=ip)


# --- Staff and residents' accounts (issue 18 item 4) ---------------------------------

REVEAL_REASON_MIN = 5


def is_resident_account(user) -> bool:
    """A resident's account: no back-office access. Only the resident changes it, through
    their own flows (registration, password change and reset, preferences)."""
    return not user.is_staff and not user.is_superuser


def may_administer(actor, subject) -> bool:
    """Whether ``actor`` may change ``subject``'s account in the back office: superusers
    may; other staff may not change a resident's account (nor set its password)."""
    return actor.is_superuser or actor.pk == subject.pk or not is_resident_account(subject)


def user_contact_reveal(*, subject, actor, reason: str, ip: str | None = None) -> dict:
    """A resident's full email and phone for staff who may manage accounts and give a
    reason (at least 5 characters); every reveal is a security event (the reason, never
    the values)."""
    from django.core.exceptions import PermissionDenied

    if not (actor.is_staff and actor.has_perm("accounts.change_user")):
        raise PermissionDenied
    reason = (reason or "").strip()
    if len(reason) < REVEAL_REASON_MIN:
        raise ValidationError({"reason": [_("Say why you need the full contact details (at least 5 characters).")]})
    security_event_record(action="contact_revealed", subject=subject, actor=actor, detail=reason, ip=ip)
    return {"email": subject.email, "phone": subject.phone}


# --- Two-factor for staff (issue 18 item 1) ------------------------------------------


class TwoFactorError(Exception):
    """A two-factor step refused (no invitation, wrong password or code)."""


def two_factor_required(user) -> bool:
    """Every staff account (and every superuser) needs a verified device in its session."""
    return bool(user.is_authenticated and (user.is_staff or user.is_superuser))


def two_factor_device(user):
    """The user's confirmed TOTP device, or None (not enrolled)."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("-id").first()


def two_factor_invitation_pending(user):
    from .models import TwoFactorInvitation

    return TwoFactorInvitation.objects.pending().filter(user=user).order_by("-created").first()


@transaction.atomic
def two_factor_invite(*, user, actor=None, ip: str | None = None):
    """Invite a staff member to set up a (new) two-factor device: valid for
    ``TWO_FACTOR_INVITATION_DAYS``; an earlier pending invitation is replaced."""
    from django.conf import settings

    from .models import TwoFactorInvitation

    if not (user.is_staff or user.is_superuser):
        raise TwoFactorError(_("Only staff accounts use two-factor sign-in."))
    if not user.is_active:
        raise TwoFactorError(_("This account is inactive."))
    now = timezone.now()
    TwoFactorInvitation.objects.pending(now=now).filter(user=user).update(revoked_at=now)
    invitation = TwoFactorInvitation.objects.create(
        user=user, invited_by=actor, created=now,
        expires=now + datetime.timedelta(days=settings.TWO_FACTOR_INVITATION_DAYS),
    )
    security_event_record(action="two_factor_invited", subject=user, actor=actor, ip=ip,
                          detail=f"until {invitation.expires:%Y-%m-%d %H:%M}")
    return invitation


@transaction.atomic
def two_factor_enrolment_start(*, user, password: str, ip: str | None = None):
    """After the password is checked again, and only with a pending invitation: a new,
    unconfirmed TOTP device (earlier unconfirmed ones are dropped). Returns the device."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    if two_factor_invitation_pending(user) is None:
        raise TwoFactorError(_("You have no invitation to set up two-factor sign-in."))
    if not user.check_password(password or ""):
        security_event_record(action="two_factor_password_failed", subject=user, actor=user, ip=ip)
        raise TwoFactorError(_("That password is not correct."))
    TOTPDevice.objects.filter(user=user, confirmed=False).delete()
    return TOTPDevice.objects.create(user=user, name="default", confirmed=False)


@transaction.atomic
def two_factor_enrolment_confirm(*, user, device_id: int, token: str, ip: str | None = None):
    """The first code from the new device confirms it: it replaces every other device of the
    user and uses up the invitation. Returns the device."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    invitation = two_factor_invitation_pending(user)
    device = TOTPDevice.objects.select_for_update().filter(pk=device_id, user=user, confirmed=False).first()
    if invitation is None or device is None:
        raise TwoFactorError(_("You have no invitation to set up two-factor sign-in."))
    if not device.verify_token(token):
        raise TwoFactorError(_("That code is not valid. Check your phone's clock and try again."))
    TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    invitation.used_at = timezone.now()
    invitation.save(update_fields=["used_at"])
    security_event_record(action="two_factor_enrolled", subject=user, actor=user, ip=ip)
    return device


@transaction.atomic
def two_factor_device_delete(*, device, actor, ip: str | None = None) -> None:
    """Remove a staff member's TOTP device (a lost phone): they then need a new invitation
    to set one up. A security event records who removed whose device."""
    subject = device.user
    confirmed = device.confirmed
    device.delete()
    security_event_record(action="two_factor_device_deleted", subject=subject, actor=actor, ip=ip,
                          detail="confirmed device" if confirmed else "unconfirmed device")


def two_factor_verify(*, user, token: str):
    """The user's confirmed device when ``token`` is a valid code from it (django-otp refuses
    replays and slows down guessing), else ``TwoFactorError``."""
    device = two_factor_device(user)
    if device is None or not device.verify_token(token):
        raise TwoFactorError(_("That code is not valid. Check your phone's clock and try again."))
    return device
