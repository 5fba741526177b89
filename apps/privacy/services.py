"""Download and deletion of a resident's own data (PIPL Art. 45 and 47, issue 18 item 13).

:func:`personal_data_archive` builds a zip: ``data.json`` (the account, its notice
preferences and contact verification, its API tokens and security events, its notices, and
every app's ``PersonalDataSource.export``) and the files the resident uploaded (decrypted).
:func:`account_delete` closes the account: each app erases what it need not keep, the
portal's own parts (notices, preferences, verifications, tokens, sessions) go, and the user
row is emptied of personal data and deactivated rather than deleted, so the records the law
requires (closed housing-swap applications until their retention period anonymises them,
security events, audit logs) stay linked to an anonymous stub instead of being lost or
blocking the deletion. Both need the password again and are security events.
"""

from __future__ import annotations

import json
import secrets
import shutil
import tempfile
import zipfile

from django.contrib.admin.models import LogEntry
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from apps.accounts import lockout
from apps.accounts.models import ApiToken, SecurityEvent
from apps.accounts.services import security_event_record, user_sign_out_everywhere
from apps.core.contributions import PersonalDataSource, contributions
from apps.notices import rendering
from apps.notices.models import ContactCodeSent, ContactVerification, Notice, NotificationPreference
from apps.notices.selectors import verification_status
from apps.notices.services import preferences_for

User = get_user_model()
FORMAT_VERSION = 1


class PasswordCheckThrottled(Exception):
    """Too many wrong passwords: the same lockout as signing in."""


def password_check(*, user, password: str, ip: str) -> None:
    """The account's password again, before a download or a deletion. Wrong answers count
    as failed sign-ins (accounts.lockout): past the limit, :class:`PasswordCheckThrottled`."""
    username = user.get_username()
    if lockout.failures_exceeded(username=username, ip=ip):
        raise PasswordCheckThrottled
    if not password or not user.check_password(password):
        lockout.failure_record(username=username, ip=ip)
        raise ValidationError({"password": [_("That is not your password.")]})


def _sources() -> list[PersonalDataSource]:
    return contributions(PersonalDataSource)


def _notices(user) -> list[dict]:
    language = rendering.language_of(user)
    rows = []
    for notice in Notice.objects.filter(recipient=user).select_related("event").order_by("created_at", "pk"):
        item = {
            "channel": notice.channel, "kind": notice.event.kind, "status": notice.status,
            "created_at": notice.created_at, "sent_at": notice.sent_at, "read_at": notice.read_at,
        }
        if notice.channel == "in_app":
            message = rendering.render(event=notice.event, user=user, language=language, parts=("subject", "body"))
            item.update(title=message.subject, body=message.body, link=notice.event.link)
        rows.append(item)
    return rows


def personal_data(*, user) -> dict:
    """Everything the portal holds about ``user``, as JSON-able data."""
    data = {
        "format_version": FORMAT_VERSION,
        "generated_at": timezone.now(),
        "account": {
            "id": user.pk, "username": user.get_username(), "first_name": user.first_name,
            "last_name": user.last_name, "email": user.email, "phone": user.phone,
            "preferred_language": user.preferred_language, "date_joined": user.date_joined,
            "last_login": user.last_login, "sms_quiet_start": user.sms_quiet_start,
            "sms_quiet_end": user.sms_quiet_end,
        },
        "notice_preferences": preferences_for(user=user),
        "contact_verification": {
            channel: {"verified": state["verified"]} for channel, state in verification_status(user=user).items()
        },
        "api_tokens": list(ApiToken.objects.filter(user=user).order_by("created").values(
            "kind", "name", "prefix", "created", "last_used", "expires", "revoked_at", "revoked_reason")),
        "security_events": list(SecurityEvent.objects.filter(subject=user).order_by("created").values(
            "action", "detail", "ip", "created")),
        "notices": _notices(user),
    }
    for source in _sources():
        data[source.key] = source.export(user)
    return data


def personal_data_archive(*, user, password: str, ip: str = ""):
    """The zip of :func:`personal_data` and the resident's uploaded files, as an open
    temporary file (read from the start). The password is checked first; the download is a
    security event."""
    password_check(user=user, password=password, ip=ip)
    with translation.override(rendering.language_of(user)):
        data = personal_data(user=user)
    out = tempfile.TemporaryFile()  # noqa: SIM115 - returned open, closed by the response
    count = 0
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("data.json", json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2))
        for source in _sources():
            for name, opener in (source.files(user) if source.files else ()):
                with opener() as handle, archive.open(f"files/{source.key}/{name}", "w") as target:
                    shutil.copyfileobj(handle, target, 64 * 1024)
                count += 1
    out.seek(0)
    security_event_record(action="personal_data_downloaded", subject=user, actor=user, ip=ip or None,
                          detail=f"archive with {count} file(s)")
    return out


def deletion_blockers(*, user) -> list[str]:
    """Why the account cannot be closed now (empty: it can)."""
    reasons = []
    if user.is_staff or user.is_superuser:
        reasons.append(_("Staff accounts are closed by the district administrator."))
    for source in _sources():
        if source.blockers:
            reasons.extend(str(reason) for reason in source.blockers(user))
    return reasons


def account_delete(*, user, password: str, ip: str = "") -> None:
    """Close ``user``'s account (see the module's docstring). Raises ``ValidationError``
    (wrong password) or ``PermissionDenied`` with the blockers' reasons."""
    password_check(user=user, password=password, ip=ip)
    blockers = deletion_blockers(user=user)
    if blockers:
        raise PermissionDenied(" ".join(blockers))
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=user.pk)
        summary = [source.erase(user) for source in _sources() if source.erase]
        Notice.objects.filter(recipient=user).delete()
        NotificationPreference.objects.filter(user=user).delete()
        ContactVerification.objects.filter(user=user).delete()
        ContactCodeSent.objects.filter(user=user).delete()
        user_sign_out_everywhere(user=user, actor=user, ip=ip or None)  # every session and token ends
        ApiToken.objects.filter(user=user).delete()
        user.groups.clear()
        user.user_permissions.clear()
        user.username = f"deleted-{user.pk}-{secrets.token_hex(4)}"
        user.first_name = user.last_name = user.email = user.phone = ""
        user.sms_quiet_start = user.sms_quiet_end = None
        user.last_login = None
        user.is_active = False
        user.set_unusable_password()
        user.save()
        # the admin's change history names the account by its old user name
        LogEntry.objects.filter(content_type=ContentType.objects.get_for_model(User), object_id=str(user.pk)).update(
            object_repr=user.username)
        security_event_record(action="account_deleted", subject=user, actor=user, ip=ip or None,
                              detail="; ".join(s for s in summary if s)[:300])
