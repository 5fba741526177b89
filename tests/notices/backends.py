"""Channel backends for fault injection in tests (used by the real worker too)."""

import fcntl
import json
import os
import time
from pathlib import Path

from django.conf import settings
from django.core.mail.backends.filebased import EmailBackend as FileEmailBackend

from apps.notices.sms import LocalSMSBackend, SMSDeliveryError


class SlowFileEmailBackend(FileEmailBackend):
    """The file backend, slowed down (``NOTICES_TEST_SEND_DELAY`` seconds per message) so a
    test can kill the worker while a fan-out is half delivered."""

    def send_messages(self, email_messages):
        delay = float(os.environ.get("NOTICES_TEST_SEND_DELAY", "0"))
        if delay:
            time.sleep(delay)
        return super().send_messages(email_messages)


def _bump(counter_file: Path, key: str) -> int:
    """Increment and return a per-key counter kept in a JSON file (shared by processes)."""
    counter_file.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(counter_file, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        raw = os.read(fd, 1 << 20)
        counts = json.loads(raw) if raw else {}
        counts[key] = counts.get(key, 0) + 1
        os.lseek(fd, 0, os.SEEK_SET)
        os.ftruncate(fd, 0)
        os.write(fd, json.dumps(counts).encode())
        return counts[key]
    finally:
        os.close(fd)


class FlakySMSBackend(LocalSMSBackend):
    """Fails the first two sends of every message (by reference), then records it."""

    failures = 2

    def send(self, *, to, text, reference):
        calls = _bump(Path(str(settings.SMS_FILE_PATH) + ".calls.json"), reference)
        if calls <= self.failures:
            raise SMSDeliveryError(f"provider unavailable (simulated failure {calls})")
        return super().send(to=to, text=text, reference=reference)
