"""The reporter's contact at rest: Fernet-encrypted with a key derived (HKDF-SHA256) from the
portal's ``PERSONAL_DATA_KEY`` (the same setting and rotation rule as the housing-swap
numbers: comma-separated keys, the first encrypts, all decrypt; empty means a key derived from
``SECRET_KEY`` in development only), shown masked, revealed with a reason (audited).

The derivation is repeated here rather than imported from ``housing_swap``: a domain app
imports no other domain app (tests/core/test_layers.py). Its own salt gives reports an
independent sub-key."""

import base64
import functools

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.db import models

from apps.core.masking import mask_phone, mask_text
from apps.core.personal_key import master_keys

_SALT = b"qiaokou-portal/reports/v1"


def _master_keys() -> tuple[bytes, ...]:
    return master_keys()  # required when debug is off (apps/core/personal_key.py)


@functools.lru_cache(maxsize=4)
def _fernet(masters: tuple[bytes, ...]) -> MultiFernet:
    return MultiFernet([
        Fernet(base64.urlsafe_b64encode(
            HKDF(algorithm=hashes.SHA256(), length=32, salt=_SALT, info=b"fernet").derive(m)))
        for m in masters
    ])


def encrypt(value: str) -> str:
    return _fernet(_master_keys()).encrypt(value.encode()).decode() if value else ""


def decrypt(token: str) -> str:
    if not token:
        return ""
    try:
        return _fernet(_master_keys()).decrypt(token.encode()).decode()
    except InvalidToken as exc:  # wrong key: never fall back to showing the ciphertext
        raise ValueError("personal data could not be decrypted with the configured key") from exc


class EncryptedContactField(models.TextField):
    """A text column holding a Fernet token; Python sees the clear value. Never filter on it."""

    def from_db_value(self, value, expression, connection):
        return decrypt(value) if value else value

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        return encrypt(value) if value else value


def mask_email(value: str | None) -> str:
    """``wang.wei@example.com`` -> ``w*******@example.com``."""
    if not value:
        return ""
    local, _, domain = value.partition("@")
    return f"{mask_text(local)}@{domain}" if domain else mask_text(value)


def masked_contact(*, name: str, phone: str, email: str) -> dict:
    return {"name": mask_text(name), "phone": mask_phone(phone), "email": mask_email(email)}


# masking per field, for the back office's exports (the PersonalFields contribution)
CONTACT_MASKS = {"contact_name": mask_text, "contact_phone": mask_phone, "contact_email": mask_email}
