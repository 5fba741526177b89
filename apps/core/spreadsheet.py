"""Spreadsheet cells written by exports (the back office's and the apps' own CSVs): plain
values, and text a spreadsheet would run as a formula quoted (CSV/formula injection)."""

import datetime as dt

from django.utils import timezone

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_cell(value):
    """Cells as plain values; text that a spreadsheet would run as a formula is quoted
    (CSV/formula injection)."""
    if value is None:
        return None
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, int | float):
        return value
    if isinstance(value, dt.datetime):
        # local time (Asia/Shanghai), as the admin shows it; spreadsheets have no time zones
        return value if value.tzinfo is None else timezone.localtime(value).replace(tzinfo=None)
    if isinstance(value, dt.date):
        return value
    text = str(value)
    if text.startswith(_FORMULA_START) and not _is_number(text):
        return "'" + text
    return text


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True
