"""The master keys for personal data at rest (issue 18 item 12).

``PERSONAL_DATA_KEY`` holds one or more comma-separated keys: the first encrypts, every one
decrypts (key rotation). It is required when debug is off: there is no fall-back to
``SECRET_KEY`` then, and anything that encrypts or decrypts personal data fails closed with
``ImproperlyConfigured``. In development (``DJANGO_DEBUG=1``) an empty setting means a key
derived from ``SECRET_KEY``. Each app derives its own sub-keys (HKDF, its own salt).
"""

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

MISSING = "PERSONAL_DATA_KEY is required when DJANGO_DEBUG is not 1 (personal data at rest is encrypted with it)."


def master_keys() -> tuple[bytes, ...]:
    configured = [k.strip() for k in (getattr(settings, "PERSONAL_DATA_KEY", "") or "").split(",")]
    configured = [k for k in configured if k]
    if not configured:
        if not settings.DEBUG:
            raise ImproperlyConfigured(MISSING)
        configured = [settings.SECRET_KEY]
    return tuple(k.encode() for k in configured)
