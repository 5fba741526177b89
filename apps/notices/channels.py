"""Sending one notice on its channel (email through Django's email backends, SMS through
``SMS_BACKEND``), with a stable idempotency key per notice.

Every email and SMS carries a signed one-click unsubscribe link; emails also carry
``List-Unsubscribe`` / ``List-Unsubscribe-Post`` (RFC 8058) and a deterministic
``Message-ID`` (``<notice-<id>@host>``) so a duplicate can be recognised downstream.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

from django.conf import settings
from django.core import mail
from django.core.mail.backends.filebased import EmailBackend as FileEmailBackend
from django.core.mail.backends.locmem import EmailBackend as LocmemEmailBackend
from django.utils.module_loading import import_string

from . import rendering, sms
from .events import DIGEST
from .models import Channel, Notice, NoticeStatus
from .selectors import contact_verified
from .tokens import absolute, unsubscribe_url


class DeliveryError(Exception):
    """A failed send. Messages are for operators (``last_error``), in English."""

    def __init__(self, message: str, *, permanent: bool = False):
        super().__init__(message)
        self.permanent = permanent


def reference(notice_id: int) -> str:
    return f"notice-{notice_id}"


def message_id(notice_id: int) -> str:
    host = urlsplit(settings.PORTAL_BASE_URL).hostname or "qiaokou.example"
    return f"<{reference(notice_id)}@{host}>"


def digest_items(notice: Notice, language: str) -> list[dict]:
    """The notices a digest notice carries (held, attached to it), rendered as subject+link."""
    items = []
    held = (
        Notice.objects.filter(digest=notice, status=NoticeStatus.HELD)
        .select_related("event").order_by("created_at", "pk")
    )
    for item in held:
        message = rendering.render(event=item.event, language=language, parts=("subject",))
        items.append({"id": item.pk, "subject": message.subject, "link": absolute(item.event.link)})
    return items


class ChannelSession:
    """Sends a batch of notices, reusing one email connection and one SMS backend."""

    def __init__(self):
        self._email = None
        self._sms = None

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        if self._email is not None:
            self._email.close()
        return False

    @property
    def email_connection(self):
        if self._email is None:
            self._email = mail.get_connection()
            self._email.open()
        return self._email

    @property
    def sms_backend(self) -> sms.BaseSMSBackend:
        if self._sms is None:
            self._sms = sms.get_backend()
        return self._sms

    # --- sending -------------------------------------------------------------------
    def compose(self, notice: Notice) -> tuple[rendering.Message, list[int]]:
        """The rendered message and, for a digest, the ids of the notices it carries."""
        user = notice.recipient
        language = rendering.language_of(user)
        unsubscribe = unsubscribe_url(user_id=user.pk, channel=notice.channel)
        carried: list[int] = []
        extra = {"inbox_url": absolute("/notices/"), "preferences_url": absolute("/notices/preferences/")}
        if notice.event.kind == DIGEST:
            items = digest_items(notice, language)
            carried = [item["id"] for item in items]
            extra.update(items=items, count=len(items))
        message = rendering.render(
            event=notice.event, user=user, language=language, unsubscribe_url=unsubscribe, extra=extra
        )
        return message, carried

    def send(self, notice: Notice) -> list[int]:
        """Send; raise DeliveryError. Returns the ids of digested notices it carried."""
        user = notice.recipient
        message, carried = self.compose(notice)
        if notice.event.kind == DIGEST and not carried:
            raise DeliveryError("nothing left to send in this digest", permanent=True)
        if notice.channel == Channel.EMAIL and not user.email:
            raise DeliveryError("the recipient has no email address", permanent=True)
        if notice.channel == Channel.SMS and not user.phone:
            raise DeliveryError("the recipient has no mobile phone number", permanent=True)
        if notice.channel in (Channel.EMAIL, Channel.SMS) and not contact_verified(user, notice.channel):
            # changed (so un-verified) since the notice was made: nothing goes to an address
            # the resident has not proved theirs (issue 18 item 8)
            raise DeliveryError("the recipient's address is not verified", permanent=True)
        if notice.channel == Channel.EMAIL:
            self._send_email(notice, message, to=user.email)
        elif notice.channel == Channel.SMS:
            try:
                self.sms_backend.send(to=user.phone, text=message.sms, reference=reference(notice.pk))
            except sms.SMSDeliveryError as exc:
                raise DeliveryError(str(exc), permanent=exc.permanent) from exc
        else:
            raise DeliveryError(f"channel {notice.channel} is not sent by workers", permanent=True)
        return carried

    def _send_email(self, notice: Notice, message: rendering.Message, *, to: str) -> None:
        unsubscribe = unsubscribe_url(user_id=notice.recipient_id, channel=notice.channel)
        email = mail.EmailMessage(
            subject=message.subject,
            body=message.body,
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[to],
            connection=self.email_connection,
            headers={
                "Message-ID": message_id(notice.pk),
                "List-Unsubscribe": f"<{unsubscribe}>",
                "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
                "X-Portal-Notice": reference(notice.pk),
                "Auto-Submitted": "auto-generated",
            },
        )
        try:
            sent = email.send(fail_silently=False)
        except (OSError, mail.BadHeaderError) as exc:
            raise DeliveryError(f"{type(exc).__name__}: {exc}") from exc
        if not sent:
            raise DeliveryError("the email backend accepted no message")

    # --- reconciliation after a lost worker ---------------------------------------
    def already_sent(self, notice: Notice) -> bool | None:
        """Does the channel already have this notice's message? ``None``: cannot tell."""
        if notice.channel == Channel.SMS:
            return self.sms_backend.lookup(reference(notice.pk))
        if notice.channel == Channel.EMAIL:
            return email_lookup(notice.pk)
        return None


def email_lookup(notice_id: int) -> bool | None:
    """Whether an email with this notice's Message-ID is already in the file or locmem
    backend; ``None`` for backends that cannot be asked (SMTP)."""
    backend = import_string(settings.EMAIL_BACKEND)
    needle = message_id(notice_id)
    # Any file backend (a subclass still writes its messages to EMAIL_FILE_PATH) can be looked
    # in; for the in-memory outbox only Django's own class is trusted.
    if backend is LocmemEmailBackend:
        return any(m.extra_headers.get("Message-ID") == needle for m in getattr(mail, "outbox", []))
    if issubclass(backend, FileEmailBackend):
        folder = Path(settings.EMAIL_FILE_PATH)
        if not folder.is_dir():
            return False
        token = f"Message-ID: {needle}".encode()
        return any(token in path.read_bytes() for path in folder.iterdir() if path.is_file())
    return None
