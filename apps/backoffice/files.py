"""Reading uploaded CSV/Excel files into rows, and writing exports, without trusting the file.

CSV is read as UTF-8 (with or without BOM) or, failing that, GB18030 (what Excel on a
Chinese Windows saves). Excel files are read with openpyxl in read-only mode (values, not
formulas), first sheet only; openpyxl parses their XML with defusedxml (a pinned dependency),
so a workbook with entity declarations (an "XML bomb", an external entity) is refused with a
400, never expanded or fetched. Exports are CSV with a BOM (so Excel shows Chinese correctly)
or .xlsx written row by row (write-only mode, constant memory).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile
from collections.abc import Iterable

import tablib
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from apps.core.spreadsheet import spreadsheet_cell as _plain

from .models import FileFormat


def detect_format(name: str, head: bytes) -> str:
    """The format of an upload from its name and its first bytes; ``ValidationError`` when
    it is neither a CSV text file nor an .xlsx workbook."""
    suffix = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if suffix == "xlsx":
        if not head.startswith(b"PK\x03\x04"):
            raise ValidationError({"file": [_("This file is not an Excel (.xlsx) workbook.")]})
        return FileFormat.XLSX
    if suffix == "csv":
        if b"\x00" in head or head.startswith(b"PK\x03\x04"):
            raise ValidationError({"file": [_("This file is not a CSV text file.")]})
        return FileFormat.CSV
    raise ValidationError({"file": [_("Upload a .csv or .xlsx file.")]})


def _decode(data: bytes) -> str:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ValidationError({"file": [_("The CSV file is neither UTF-8 nor GB18030 text.")]})


def _clean_header(value) -> str:
    return str(value if value is not None else "").strip().lstrip("\ufeff").strip()


def _cell(value):
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, dt.datetime) and value.time() == dt.time(0):
        return value.date()
    return value


def read_dataset(data: bytes, file_format: str, *, max_rows: int) -> tablib.Dataset:
    """Header row + data rows (blank rows dropped) as a tablib Dataset."""
    if file_format == FileFormat.XLSX:
        rows = _xlsx_rows(data, limit=max_rows + 2)
    else:
        rows = list(csv.reader(io.StringIO(_decode(data), newline="")))
    if not rows:
        raise ValidationError({"file": [_("The file is empty.")]})
    headers = [_clean_header(h) for h in rows[0]]
    while headers and not headers[-1]:
        headers.pop()
    if not headers or not any(headers):
        raise ValidationError({"file": [_("The first row must name the columns.")]})
    seen = set()
    for header in headers:
        if not header:
            raise ValidationError({"file": [_("A column in the first row has no name.")]})
        if header in seen:
            raise ValidationError({"file": [_("The column “%(name)s” appears twice.") % {"name": header}]})
        seen.add(header)
    dataset = tablib.Dataset(headers=headers)
    width = len(headers)
    for raw in rows[1:]:
        values = [_cell(v) for v in list(raw)[:width]]
        values += [""] * (width - len(values))
        if all(v is None or v == "" for v in values):
            continue
        for header, value in zip(headers, values, strict=False):
            if isinstance(value, str) and "\x00" in value:  # PostgreSQL can neither store nor compare it
                raise ValidationError({"file": [
                    _("Row %(row)d, column “%(column)s”: the cell contains a NUL character (\\0), which "
                      "cannot be stored; remove it and upload the file again.")
                    % {"row": len(dataset) + 2, "column": header}]})
        dataset.append(["" if v is None else v for v in values])
        if len(dataset) > max_rows:
            raise ValidationError({"file": [
                _("The file has more than %(max)d rows; split it into smaller files.") % {"max": max_rows}]})
    if not len(dataset):
        raise ValidationError({"file": [_("The file has no data rows below the column names.")]})
    return dataset


def _xlsx_rows(data: bytes, *, limit: int) -> list[list]:
    """The first sheet's rows, at most ``limit`` of them (a small file can unpack into
    millions of rows: reading stops early and the row limit reports it)."""
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, SyntaxError) as exc:
        raise _unreadable(exc) from exc
    try:
        sheet = workbook.worksheets[0]
        rows, filled = [], 0
        for row in sheet.iter_rows(values_only=True):
            values = list(row)[:200]
            if any(v is not None and v != "" for v in values):
                rows.append(values)
                filled += 1
                if filled >= limit:  # more than the row limit: read_dataset reports it
                    break
        return rows
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, TypeError, SyntaxError) as exc:
        raise _unreadable(exc) from exc
    finally:
        workbook.close()


def _unreadable(exc: BaseException) -> ValidationError:
    """The 400 for a workbook openpyxl could not read (``SyntaxError`` covers the XML
    parser's ``ParseError``); one whose XML declares entities says so."""
    from defusedxml import DefusedXmlException

    seen: BaseException | None = exc
    while seen is not None:
        if isinstance(seen, DefusedXmlException):
            return ValidationError({"file": [_(
                "This Excel file contains XML entity declarations, which are refused for safety. "
                "Open it in Excel or WPS, save it again as .xlsx and upload that file.")]})
        seen = seen.__cause__ or seen.__context__
    return ValidationError({"file": [_("This Excel file could not be read.")]})


class TableWriter:
    """Rows into a CSV (UTF-8 with BOM) or .xlsx file object, one row at a time."""

    def __init__(self, file_format: str, fileobj, *, title: str = "export"):
        self.file_format = file_format
        self.fileobj = fileobj
        if file_format == FileFormat.XLSX:
            from openpyxl import Workbook

            self.workbook = Workbook(write_only=True)
            self.sheet = self.workbook.create_sheet(title=title[:31] or "export")
        else:
            self.text = io.TextIOWrapper(fileobj, encoding="utf-8-sig", newline="", write_through=True)
            self.writer = csv.writer(self.text)

    def write(self, values: Iterable) -> None:
        values = [_plain(v) for v in values]
        if self.file_format == FileFormat.XLSX:
            self.sheet.append(values)
        else:
            self.writer.writerow(["" if v is None else v for v in values])

    def close(self) -> None:
        if self.file_format == FileFormat.XLSX:
            self.workbook.save(self.fileobj)
        else:
            self.text.flush()
            self.text.detach()
