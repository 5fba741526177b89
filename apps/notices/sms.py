"""The SMS channel: a small backend interface and a local development backend.

A real provider is a settings change: ``SMS_BACKEND = "dotted.path.ProviderBackend"``, a
class with the methods of :class:`BaseSMSBackend`. ``reference`` is a stable id per notice
(``notice-<id>``): pass it to the provider as its client reference / idempotency key, and
implement :meth:`BaseSMSBackend.lookup` with the provider's status query if it has one, so
a notice whose worker died mid-send is not sent twice.
"""

from __future__ import annotations

import fcntl
import json
import os
from pathlib import Path

from django.conf import settings
from django.utils import timezone
from django.utils.module_loading import import_string


class SMSDeliveryError(Exception):
    """The provider refused or failed. ``permanent`` errors are not retried."""

    def __init__(self, message: str, *, permanent: bool = False):
        super().__init__(message)
        self.permanent = permanent


class BaseSMSBackend:
    def send(self, *, to: str, text: str, reference: str) -> str:
        """Send one message; return the provider's message id. Raise SMSDeliveryError."""
        raise NotImplementedError

    def lookup(self, reference: str) -> bool | None:
        """Did the provider already accept the message with this reference?
        ``None`` when the provider cannot tell."""
        return None


class LocalSMSBackend(BaseSMSBackend):
    """Records each message as one JSON line in ``SMS_FILE_PATH`` (a file; when it is a
    directory, ``messages.jsonl`` inside it). Nothing leaves the machine."""

    def __init__(self, path: str | os.PathLike | None = None):
        target = Path(path or settings.SMS_FILE_PATH)
        if target.is_dir():
            target = target / "messages.jsonl"
        self.path = target

    def send(self, *, to: str, text: str, reference: str) -> str:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        line = json.dumps(
            {"to": to, "text": text, "reference": reference, "sent_at": timezone.now().isoformat()},
            ensure_ascii=False,
        ) + "\n"
        # One write() of one line on an O_APPEND descriptor, under an advisory lock: lines
        # from concurrent workers never interleave.
        fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o640)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            os.write(fd, line.encode())
            os.fsync(fd)
        finally:
            os.close(fd)
        return reference

    def messages(self) -> list[dict]:
        if not self.path.exists():
            return []
        with self.path.open(encoding="utf-8") as handle:
            return [json.loads(line) for line in handle if line.strip()]

    def lookup(self, reference: str) -> bool | None:
        return any(message.get("reference") == reference for message in self.messages())


def get_backend() -> BaseSMSBackend:
    return import_string(settings.SMS_BACKEND)()
