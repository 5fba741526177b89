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
def api_token_issue(*, user, kind: str = "personal", name: str = "", actor=None, ip: str | None = None):
    """Issue a new API token for ``user``. Returns ``(token, key)``: the key is shown to the
    caller once and never stored (only its hash)."""
    from .models import ApiToken, ApiTokenKind

    if kind not in ApiTokenKind.values:
        raise ValueError(f"unknown token kind {kind!r}")
    key = tokens.key_generate()
    now = timezone.now()
    token = ApiToken.objects.create(
        user=user, kind=kind, name=name[:100], prefix=tokens.key_prefix(key), key_hash=tokens.key_hash(key),
        stamp=user.credential_stamp, created=now, expires=now + tokens.lifetime(),
    )
    security_event_record(action="token_issued", subject=user, actor=actor or user, ip=ip,
                          detail=f"{kind} token {token.prefix}… {name}".strip())
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
    if not hmac.compare_digest(token.stamp, token.user.credential_stamp):
        api_token_revoke(token=token, reason="password_changed")
        return None
    if token.last_used is None or now - token.last_used >= tokens.TOUCH_INTERVAL:
        token.last_used = now
        token.expires = now + tokens.lifetime()
        ApiToken.objects.filter(pk=token.pk).update(last_used=token.last_used, expires=token.expires)
    return token


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
