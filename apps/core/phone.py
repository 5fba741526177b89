"""Mainland China mobile numbers: normalisation and validation."""

import re
import unicodedata

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# ASCII digits only: ``\d`` would also accept Arabic-Indic, Devanagari ... digits
_MOBILE = re.compile(r"1[3-9][0-9]{9}")
_SEPARATORS = re.compile(r"[\s\-()]")


def normalize_mobile(value: str) -> str:
    """Strip separators and a ``+86``/``0086``/``86`` prefix: ``+86 138-0013-8000`` -> ``13800138000``.
    Full-width characters from Chinese input methods (``１３８００１３８０００``, ``＋８６``,
    ``－``) are read as their ASCII forms (NFKC)."""
    digits = _SEPARATORS.sub("", unicodedata.normalize("NFKC", value or ""))
    for prefix in ("+86", "0086"):
        if digits.startswith(prefix):
            digits = digits[len(prefix):]
    if len(digits) == 13 and digits.startswith("86"):
        digits = digits[2:]
    return digits


def validate_mainland_mobile(value: str) -> None:
    if not _MOBILE.fullmatch(normalize_mobile(value)):
        raise ValidationError(
            _("Enter a valid mainland China mobile number, e.g. 13800138000."),
            code="invalid_phone",
        )
