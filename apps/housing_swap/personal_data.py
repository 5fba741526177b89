"""Personal data at rest: encryption of ID and certificate numbers and a keyed hash for
look-ups and uniqueness.

The master key comes from ``settings.PERSONAL_DATA_KEY`` (the environment), required when
debug is off; in development it may be empty and the key is then derived from ``SECRET_KEY``
(apps/core/personal_key.py). Two independent sub-keys are
derived with HKDF-SHA256: one for Fernet (AES-128-CBC + HMAC-SHA256) and one for the HMAC
look-up hash, so the hash never reveals anything about the ciphertext key.

``PERSONAL_DATA_KEY`` may hold several comma-separated keys: the first encrypts, all decrypt
(key rotation). The look-up hash always uses the first key.
"""

import base64
import functools
import hashlib
import hmac

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.db import models

from apps.core.personal_key import master_keys

_SALT = b"qiaokou-portal/housing_swap/v1"


def _master_keys() -> tuple[bytes, ...]:
    return master_keys()  # required when debug is off (apps/core/personal_key.py)


def _derive(master: bytes, info: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=_SALT, info=info).derive(master)


@functools.lru_cache(maxsize=4)
def _fernet(masters: tuple[bytes, ...]) -> MultiFernet:
    return MultiFernet(
        [Fernet(base64.urlsafe_b64encode(_derive(m, b"fernet"))) for m in masters]
    )


@functools.lru_cache(maxsize=4)
def _hash_key(master: bytes) -> bytes:
    return _derive(master, b"lookup-hmac")


def encrypt(value: str) -> str:
    if not value:
        return ""
    return _fernet(_master_keys()).encrypt(value.encode()).decode()


def decrypt(token: str) -> str:
    if not token:
        return ""
    try:
        return _fernet(_master_keys()).decrypt(token.encode()).decode()
    except InvalidToken as exc:  # wrong key: never fall back to showing the ciphertext
        raise ValueError("personal data could not be decrypted with the configured key") from exc


def lookup_hash(value: str) -> str:
    """Keyed HMAC-SHA256 of a normalised value (hex), for equality look-ups and unique
    constraints without storing the value in clear."""
    if not value:
        return ""
    return hmac.new(_hash_key(_master_keys()[0]), value.encode(), hashlib.sha256).hexdigest()


class EncryptedTextField(models.TextField):
    """A text column holding a Fernet token; Python sees the clear value.

    Filtering on it is meaningless (the ciphertext is randomised): look up by the keyed
    hash column stored next to it instead.
    """

    encrypted = True  # shared code (exports) leaves it out unless it is declared personal data

    def from_db_value(self, value, expression, connection):
        return decrypt(value) if value else value

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        return encrypt(value) if value else value


def _personal_fields():
    from apps.core.contributions import PersonalFields

    from . import masks

    return [
        PersonalFields(
            model="housing_swap.application",
            masks=masks.APPLICATION,
            reveal_permission="housing_swap.reveal_personal_data",
            # applicant lists leave the system only with this permission
            export_permission="housing_swap.export_applications",
        ),
        PersonalFields(model="housing_swap.householdmember", masks=masks.HOUSEHOLD_MEMBER,
                       reveal_permission="housing_swap.reveal_personal_data"),
    ]


# Personal data per model and field (the masks of masks.py), masked in every back-office
# export unless the user may reveal it.
PERSONAL_FIELDS = _personal_fields()
