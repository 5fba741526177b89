"""Proving an email address or a mobile number is the resident's own before notices go to it
(issue 18 item 8).

The resident asks for a code (:func:`contact_code_request`): a random six-digit code goes to
the account's current address through the notices' own channels (Django's email backend,
``SMS_BACKEND``) and only a keyed hash of it is stored, with an expiry
(``NOTICES_VERIFY_CODE_TTL_SECONDS``). Entering it (:func:`contact_code_confirm`) marks the
address verified; ``NOTICES_VERIFY_MAX_ATTEMPTS`` wrong codes void it. Codes are limited per
account (one per ``NOTICES_VERIFY_RESEND_SECONDS``, ``NOTICES_VERIFY_MAX_PER_ACCOUNT`` a
window) and per address across accounts (``NOTICES_VERIFY_MAX_PER_ADDRESS``), counted in the
database. The code is never logged, never a query parameter, never in a task message.

A contact is verified while the verified address equals the account's current one: changing
the email or phone un-verifies it. Until then only in-app notices are made for the resident
(the fan-out in ``publish.py`` and the send in ``channels.py`` both check it). Accounts made
before verification existed start unverified.
"""

from __future__ import annotations

import datetime as dt
import hmac
import logging
import secrets

from django.conf import settings
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _

from apps.accounts.services import security_event_record

from .. import conf, sms
from ..models import Channel, ContactCodeSent, ContactVerification
from ..selectors import VERIFIABLE, contact_address

logger = logging.getLogger("apps.notices")

CODE_DIGITS = 6


class VerificationThrottled(Exception):
    """Too many codes asked for; ``retry_after`` seconds until the next one may be sent."""

    def __init__(self, message: str, *, retry_after: int):
        super().__init__(message)
        self.message = message
        self.retry_after = max(int(retry_after), 1)


def _code_hash(*, user_id: int, channel: str, address: str, code: str) -> str:
    return salted_hmac("apps.notices.verification.code", f"{user_id}|{channel}|{address}|{code}",
                       algorithm="sha256").hexdigest()


def address_hash(channel: str, address: str) -> str:
    """A keyed hash of an address, to count codes per address without storing it again."""
    return salted_hmac("apps.notices.verification.address", f"{channel}|{address.lower()}",
                       algorithm="sha256").hexdigest()


def code_generate() -> str:
    return f"{secrets.randbelow(10 ** CODE_DIGITS):0{CODE_DIGITS}d}"


def _check_channel(user, channel: str) -> str:
    if channel not in VERIFIABLE:
        raise ValidationError({"channel": [_("Choose email or SMS.")]})
    address = contact_address(user, channel)
    if not address:
        if channel == Channel.EMAIL:
            raise ValidationError({"channel": [_("Add an email address to your account first.")]})
        raise ValidationError({"channel": [_("Add a mobile phone number to your account first.")]})
    return address


def _throttle(*, user, channel: str, address: str, now: dt.datetime) -> None:
    window_start = now - dt.timedelta(seconds=conf.verify_window_seconds())
    sent = ContactCodeSent.objects.filter(sent_at__gte=window_start)
    mine = list(sent.filter(user=user).order_by("-sent_at").values_list("sent_at", flat=True))
    message = _("Too many codes were asked for. Please try again later.")
    if mine:
        wait = conf.verify_resend_seconds() - (now - mine[0]).total_seconds()
        if wait > 0:
            raise VerificationThrottled(
                _("A code was sent a moment ago. Please wait %(seconds)d seconds before asking for another.")
                % {"seconds": int(wait) + 1}, retry_after=wait)
    if len(mine) >= conf.verify_max_per_account():
        raise VerificationThrottled(message, retry_after=(mine[-1] - window_start).total_seconds())
    for_address = list(sent.filter(address_hash=address_hash(channel, address))
                       .order_by("sent_at").values_list("sent_at", flat=True))
    if len(for_address) >= conf.verify_max_per_address():
        raise VerificationThrottled(message, retry_after=(for_address[0] - window_start).total_seconds())


def _deliver(*, user, channel: str, address: str, code: str, reference: str) -> None:
    minutes = max(conf.verify_code_ttl_seconds() // 60, 1)
    with translation.override(user.preferred_language or settings.LANGUAGE_CODE):
        text = _("Your %(site)s verification code is %(code)s. It is valid for %(minutes)d minutes. "
                 "Do not share it with anyone; staff will never ask for it.") % {
            "site": settings.PORTAL_SITE_NAME, "code": code, "minutes": minutes}
        subject = _("Your verification code")
    if channel == Channel.EMAIL:
        mail.EmailMessage(subject=subject, body=text, from_email=settings.DEFAULT_FROM_EMAIL, to=[address],
                          headers={"Auto-Submitted": "auto-generated"}).send(fail_silently=False)
    else:
        sms.get_backend().send(to=address, text=text, reference=reference)


def contact_code_request(*, user, channel: str, ip: str | None = None) -> ContactVerification:
    """Send a new code to the account's current address on ``channel``. Raises
    ``ValidationError`` (no address, already verified, sending failed) or
    :class:`VerificationThrottled`. A new code replaces the previous one."""
    address = _check_channel(user, channel)
    now = timezone.now()
    code = code_generate()
    with transaction.atomic():
        # the row is locked: two requests at once cannot both pass the limits
        ContactVerification.objects.get_or_create(user=user, channel=channel, defaults={"address": address})
        row = ContactVerification.objects.select_for_update().get(user=user, channel=channel)
        if row.verified_at and row.address == address:
            raise ValidationError({"channel": [_("This address is already verified.")]})
        _throttle(user=user, channel=channel, address=address, now=now)
        ContactCodeSent.objects.create(user=user, channel=channel, address_hash=address_hash(channel, address),
                                       sent_at=now)
        row.address = address
        row.code_hash = _code_hash(user_id=user.pk, channel=channel, address=address, code=code)
        row.code_expires_at = now + dt.timedelta(seconds=conf.verify_code_ttl_seconds())
        row.attempts = 0
        row.verified_at = None
        row.updated_at = now
        row.save()
        security_event_record(action="contact_code_sent", subject=user, actor=user, ip=ip, detail=str(channel))
    # sent after the commit of the row, outside the transaction: a slow provider holds no lock
    try:
        _deliver(user=user, channel=channel, address=address, code=code,
                 reference=f"verify-{row.pk}-{int(now.timestamp())}")
    except (OSError, sms.SMSDeliveryError, mail.BadHeaderError) as exc:
        logger.warning("notices: verification code for user %s on %s not sent: %s",
                       user.pk, channel, type(exc).__name__)
        ContactVerification.objects.filter(pk=row.pk).update(code_hash="", code_expires_at=None)
        raise ValidationError({"channel": [_("The code could not be sent. Please try again later.")]}) from exc
    return row


def contact_code_confirm(*, user, channel: str, code: str, ip: str | None = None) -> ContactVerification:
    """Check ``code`` for ``channel``; on success the current address is verified. Raises
    ``ValidationError`` naming ``code`` (wrong, expired, too many tries: ask for a new one)."""
    address = _check_channel(user, channel)
    code = "".join((code or "").split())
    now = timezone.now()
    with transaction.atomic():
        row = ContactVerification.objects.select_for_update().filter(user=user, channel=channel).first()
        if row is not None and row.verified_at and row.address == address:
            return row
        usable = (row is not None and row.code_hash and row.address == address
                  and row.code_expires_at is not None and row.code_expires_at > now
                  and row.attempts < conf.verify_max_attempts())
        if not usable:
            raise ValidationError({"code": [_("This code has expired or was used up. Ask for a new code.")]})
        expected = _code_hash(user_id=user.pk, channel=channel, address=address, code=code)
        if not (len(code) == CODE_DIGITS and code.isdigit() and hmac.compare_digest(row.code_hash, expected)):
            row.attempts += 1
            left = conf.verify_max_attempts() - row.attempts
            if left <= 0:
                row.code_hash = ""
                row.code_expires_at = None
                security_event_record(action="contact_code_void", subject=user, actor=user, ip=ip,
                                      detail=f"{channel}: too many wrong codes")
            row.save(update_fields=["attempts", "code_hash", "code_expires_at"])
            if left <= 0:
                message = _("Too many wrong codes. Ask for a new code.")
            else:
                message = _("That code is not right. %(left)d tries left.") % {"left": left}
            error = ValidationError({"code": [message]})
        else:
            row.verified_at = now
            row.code_hash = ""
            row.code_expires_at = None
            row.attempts = 0
            row.updated_at = now
            row.save()
            security_event_record(action="contact_verified", subject=user, actor=user, ip=ip, detail=str(channel))
            return row
    raise error
