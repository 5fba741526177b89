"""Validators for the application form: the 18-character resident identity number
(GB 11643-1999, check digit ISO 7064 MOD 11-2). Pure functions apart from gettext."""

import datetime as dt
import re
import unicodedata

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

_ID_SHAPE = re.compile(r"[1-9][0-9]{16}[0-9X]", re.ASCII)
_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CHECK_CHARS = "10X98765432"


def normalize_id_number(value: str | None) -> str:
    """Strip spaces; full-width digits become ASCII (NFKC); ``x`` becomes ``X``.

    Only ASCII digits are accepted afterwards (``\\d`` would also match other scripts' digits)."""
    return re.sub(r"\s", "", unicodedata.normalize("NFKC", value or "")).upper()


def id_check_character(first17: str) -> str:
    """The ISO 7064 MOD 11-2 check character for the first 17 digits."""
    total = sum(int(digit) * weight for digit, weight in zip(first17, _WEIGHTS, strict=True))
    return _CHECK_CHARS[total % 11]


def id_birth_date(value: str) -> dt.date | None:
    try:
        return dt.date(int(value[6:10]), int(value[10:12]), int(value[12:14]))
    except ValueError:
        return None


def validate_resident_id(value: str, *, today: dt.date | None = None) -> str:
    """Return the normalised ID or raise ``ValidationError`` saying what is wrong."""
    number = normalize_id_number(value)
    if not _ID_SHAPE.fullmatch(number):
        raise ValidationError(
            _("Enter the 18-character resident ID number: 17 digits then a digit or X."),
            code="id_format",
        )
    birth = id_birth_date(number)
    today = today or dt.date.today()  # noqa: DTZ011 - a calendar date, Beijing and UTC agree within a day
    if birth is None or birth > today or birth.year < 1900:
        raise ValidationError(
            _("The birth date in this ID number (digits 7 to 14) is not a real date."),
            code="id_birth_date",
        )
    if id_check_character(number[:17]) != number[17]:
        raise ValidationError(
            _("This ID number's check digit is wrong; please check every digit."),
            code="id_check_digit",
        )
    return number
