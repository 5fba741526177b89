"""Spreadsheet imports (django-import-export), the generic parts: widgets that turn cells into
checked values with translated messages (text, codes, numbers, dates, yes/no, choices, lists,
rows by code), the instance loader that reads a file's existing rows at once, and the row
scoping and per-row permissions every import resource of the portal applies. Exports' cells
are in :mod:`apps.core.spreadsheet`.

Facility kinds build on these in ``apps.places.resources``; projects in their own app.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils import translation
from django.utils.translation import gettext as _
from import_export import widgets
from import_export.instance_loaders import ModelInstanceLoader


def blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def has_nul(value) -> bool:
    """A NUL character (``\\0``) in a text cell: PostgreSQL can neither store nor compare it."""
    return isinstance(value, str) and "\x00" in value


def nul_message() -> str:
    return _("The cell contains a NUL character (\\0), which cannot be stored; remove it and try again.")


def refuse_nul(value) -> None:
    if has_nul(value):
        raise ValueError(nul_message())


class ChoicesWidget(widgets.Widget):
    """A choice by its code (``published``) or its label in Chinese or English (``已发布``,
    ``Published``); exported as the code."""

    def __init__(self, choices_class, required: bool = True, **kwargs):
        self.choices_class = choices_class
        self.required = required
        super().__init__(**kwargs)

    def _lookup(self) -> dict[str, str]:
        table = {}
        for language in ("en", "zh-hans"):
            with translation.override(language):
                for value, label in self.choices_class.choices:
                    table[str(label).strip().lower()] = value
        for value in self.choices_class.values:
            table[str(value).lower()] = value
        return table

    def clean(self, value, row=None, **kwargs):
        if blank(value):
            if self.required:
                raise ValueError(_("This column needs a value."))
            return ""
        found = self._lookup().get(str(value).strip().lower())
        if found is None:
            raise ValueError(_("“%(value)s” is not one of: %(choices)s.") % {
                "value": value, "choices": ", ".join(self.choices_class.values)})
        return found

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else str(value)


class BoundedFloatWidget(widgets.Widget):
    def __init__(self, low: float, high: float, message: str, **kwargs):
        self.low, self.high, self.message = low, high, message
        super().__init__(**kwargs)

    def clean(self, value, row=None, **kwargs):
        if blank(value):
            raise ValueError(_("This column needs a value."))
        try:
            number = float(str(value).strip())
        except ValueError:
            raise ValueError(_("“%(value)s” is not a number.") % {"value": value}) from None
        if not self.low <= number <= self.high:
            raise ValueError(str(self.message) % {"low": self.low, "high": self.high})
        return number

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else repr(float(value))


class TextWidget(widgets.CharWidget):
    """Text; a blank cell is an empty string (never ``None``), surrounding spaces dropped."""

    def clean(self, value, row=None, **kwargs):
        if value is None:
            return ""
        refuse_nul(value)
        if isinstance(value, float) and value.is_integer():  # Excel turns 123 into 123.0
            value = int(value)
        return str(value).strip()


class CodeWidget(TextWidget):
    def clean(self, value, row=None, **kwargs):
        text = super().clean(value, row=row, **kwargs)
        if not text:
            raise ValueError(_("Every row needs a code (the stable reference of the facility or project)."))
        return text


class YesNoWidget(widgets.Widget):
    TRUE = {"1", "true", "yes", "y", "是", "有", "x", "√"}
    FALSE = {"0", "false", "no", "n", "否", "无", ""}

    def clean(self, value, row=None, **kwargs):
        if isinstance(value, bool):
            return value
        text = "" if value is None else str(value).strip().lower()
        if text.endswith(".0"):
            text = text[:-2]
        if text in self.TRUE:
            return True
        if text in self.FALSE:
            return False
        raise ValueError(_("Write 1 or 0 (yes or no), not “%(value)s”.") % {"value": value})

    def render(self, value, obj=None, **kwargs):
        return "1" if value else "0"


class NumberWidget(widgets.Widget):
    """A decimal or whole number, blank allowed when ``required`` is false."""

    def __init__(self, *, integer: bool = False, required: bool = False, minimum=0, **kwargs):
        self.integer, self.required, self.minimum = integer, required, minimum
        super().__init__(**kwargs)

    def clean(self, value, row=None, **kwargs):
        if blank(value):
            if self.required:
                raise ValueError(_("This column needs a value."))
            return None
        try:
            number = Decimal(str(value).strip())
        except InvalidOperation:
            raise ValueError(_("“%(value)s” is not a number.") % {"value": value}) from None
        if not number.is_finite():  # issue 10: NaN/Infinity failed with InvalidOperation/OverflowError
            raise ValueError(_("“%(value)s” is not a number.") % {"value": value})
        if number.adjusted() > 30:  # 1e999999999 would be a billion-digit int(); no column holds it
            raise ValueError(_("“%(value)s” is too large.") % {"value": value})
        if self.minimum is not None and number < self.minimum:
            raise ValueError(_("Must not be less than %(minimum)s.") % {"minimum": self.minimum})
        if self.integer:
            if number != number.to_integral_value():
                raise ValueError(_("“%(value)s” is not a whole number.") % {"value": value})
            return int(number)
        return number

    def render(self, value, obj=None, **kwargs):
        if value is None:
            return ""
        if isinstance(value, Decimal):
            return format(value.normalize(), "f") if value == value.to_integral_value() else format(value, "f")
        return str(value)


class DayWidget(widgets.Widget):
    """A date as ``YYYY-MM-DD`` (or an Excel date cell)."""

    def clean(self, value, row=None, **kwargs):
        if blank(value):
            return None
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        text = str(value).strip()
        for fmt in ("%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d"):
            try:
                return dt.datetime.strptime(text, fmt).date()  # noqa: DTZ007 - a calendar date
            except ValueError:
                continue
        raise ValueError(_("“%(value)s” is not a date; write it as 2025-06-30.") % {"value": value})

    def render(self, value, obj=None, **kwargs):
        return value.isoformat() if value else ""


class ListWidget(widgets.Widget):
    """A list of short texts separated by ``;`` (e.g. accessibility features)."""

    def clean(self, value, row=None, **kwargs):
        if blank(value):
            return []
        return [part.strip() for part in str(value).replace("；", ";").split(";") if part.strip()]

    def render(self, value, obj=None, **kwargs):
        return ";".join(str(v) for v in (value or []))


class CodeForeignKeyWidget(widgets.ForeignKeyWidget):
    """A related row by its code, with a translated message when there is none."""

    def __init__(self, model, label, required: bool = True, **kwargs):
        self.label = label
        self.required = required
        super().__init__(model, field="code", **kwargs)

    def clean(self, value, row=None, **kwargs):
        if blank(value):
            if self.required:
                raise ValueError(_("This column needs a value."))
            return None
        refuse_nul(value)
        code = str(value).strip()
        if code.endswith(".0") and code[:-2].isdigit():
            code = code[:-2]
        cache = getattr(self, "_cache", None)
        if cache is None:
            cache = self._cache = {}
        if code not in cache:
            cache[code] = self.get_queryset(value, row, **kwargs).filter(code=code).first()
        found = cache[code]
        if found is None:
            raise ValueError(_("There is no %(what)s with the code “%(code)s”.") % {"what": self.label, "code": code})
        return found


class CodeInstanceLoader(ModelInstanceLoader):
    """The rows already in the database, loaded once for the whole file (by code, in chunks)
    instead of one query per row; blank or unreadable codes are left to the row checks."""

    def __init__(self, resource, dataset=None):
        super().__init__(resource, dataset)
        self.id_field = resource.fields[resource.get_import_id_fields()[0]]
        codes = set()
        if dataset is not None and self.id_field.column_name in (dataset.headers or []):
            for value in dataset[self.id_field.column_name]:
                code = self._code(value)
                if code:
                    codes.add(code)
        self.found = {}
        codes = sorted(codes)
        for start in range(0, len(codes), 500):
            chunk = codes[start:start + 500]
            for instance in self.get_queryset().filter(**{f"{self.id_field.attribute}__in": chunk}):
                self.found[getattr(instance, self.id_field.attribute)] = instance

    def _code(self, value):
        try:
            return self.id_field.widget.clean(value)
        except ValueError:
            return None

    def get_instance(self, row):
        return self.found.get(self._code(row.get(self.id_field.column_name)))


class ScopedImportMixin:
    """Row scoping and per-row permissions for every import of the portal.

    The caller (``apps.backoffice``) passes, as keyword arguments of ``import_data``:
    ``scope`` (``None`` = every sub-district, else the set of sub-district ids the user
    manages), ``may_add`` / ``may_change`` (the user's add/change permission on the model)
    and ``user`` (recorded as the author in the change history). A row for another
    sub-district, or one that would move a row there, or a new row without the add
    permission, is a row error: the whole file is then refused (all or nothing).

    A subclass says where its rows are: :meth:`saved_sub_district_ids` (of a row already in
    the database) and :meth:`row_sub_district_ids` (of the imported row), and in which
    column (``scope_column``)."""

    scope_column = "community"

    def import_data(self, dataset, **kwargs):
        for field in self.fields.values():  # look-up caches live for one import only
            if hasattr(field.widget, "_cache"):
                field.widget._cache = None
        self.import_scope = kwargs.get("scope")
        self.import_may_add = kwargs.get("may_add", True)
        self.import_may_change = kwargs.get("may_change", True)
        self.import_user = kwargs.get("user")
        # All or nothing: one bad row rolls the whole file back (its errors are reported).
        kwargs["use_transactions"] = True
        kwargs["rollback_on_validation_errors"] = True
        return super().import_data(dataset, **kwargs)

    def before_import_row(self, row, **kwargs):
        super().before_import_row(row, **kwargs)
        # a NUL anywhere in the row is refused before any look-up or save reaches the database
        nul = {name: [nul_message()] for name, field in self.fields.items()
               if field.column_name in row and has_nul(row[field.column_name])}
        if nul:
            raise ValidationError(nul)
        for name in self._meta.import_id_fields:
            column = self.fields[name].column_name
            if column in row and blank(row[column]):
                raise ValidationError({name: [_("Every row needs a code (the stable reference of the facility or project).")]})

    def import_row(self, row, instance_loader, **kwargs):
        result = super().import_row(row, instance_loader, **kwargs)
        callback = getattr(self, "progress_callback", None)
        if callback is not None:
            callback(kwargs.get("row_number"))
        return result

    def saved_sub_district_ids(self, instance) -> set[int]:
        raise NotImplementedError

    def row_sub_district_ids(self, instance, row) -> set[int] | None:
        """``None`` when the row's place could not be read (its own error is reported)."""
        raise NotImplementedError

    def after_init_instance(self, instance, new, row, **kwargs):
        super().after_init_instance(instance, new, row, **kwargs)
        self._row_is_new = new
        scope = getattr(self, "import_scope", None)
        self._row_saved_scope = None if new or scope is None else self.saved_sub_district_ids(instance)

    def import_instance(self, instance, row, **kwargs):
        errors: dict = {}
        verbose = self._meta.model._meta.verbose_name_plural
        if self._row_is_new and not getattr(self, "import_may_add", True):
            errors[NON_FIELD_ERRORS] = [_("You may not add new %(what)s; this code does not exist yet.") % {"what": verbose}]
        if not self._row_is_new and not getattr(self, "import_may_change", True):
            errors[NON_FIELD_ERRORS] = [_("You may not change %(what)s.") % {"what": verbose}]
        scope = getattr(self, "import_scope", None)
        if scope is not None and self._row_saved_scope is not None and not self._row_saved_scope <= scope:
            errors[self.scope_column] = [_("This row exists in a sub-district you do not manage.")]
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        if scope is not None and self.scope_column not in errors:
            try:
                wanted = self.row_sub_district_ids(instance, row)
            except ValidationError as error:
                errors, wanted = error.update_error_dict(errors), None
            if wanted is not None and (not wanted or not wanted <= scope):
                errors[self.scope_column] = [_("You may only import rows of your own sub-districts.")]
        if errors:
            raise ValidationError(errors)

    def before_save_instance(self, instance, row, **kwargs):
        super().before_save_instance(instance, row, **kwargs)
        user = getattr(self, "import_user", None)
        if user is not None:
            instance._history_user = user  # django-simple-history: who made the change
