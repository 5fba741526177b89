"""Small pieces every app's admin shares."""

from collections.abc import Callable
from urllib.parse import urlencode

from django.core.exceptions import ValidationError
from django.urls import reverse


def changelist_url(model_label: str, **params) -> str:
    """The admin change list of ``model_label`` (``"app_label.model_name"``) filtered by ``params``."""
    app_label, model_name = model_label.lower().split(".")
    url = reverse(f"admin:{app_label}_{model_name}_changelist")
    return f"{url}?{urlencode(params)}" if params else url


class ReadOnlyAdminMixin:
    """A change list (or inline) of records nobody edits in the back office: logs, computed
    results, audit rows. They are written by services only; staff may look. A log that an
    administrator may clear sets ``deletable = True``."""

    deletable = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return self.deletable and super().has_delete_permission(request, obj)


def reveal_with_reason(request, form_class, reveal: Callable[[str], list]) -> tuple:
    """The form of a "reveal personal data" page (``form_class``: a ``reason`` field), bound on
    POST; when valid, ``reveal(reason)`` (the service that reveals and writes the audit row)
    returns the (label, value) rows to show, and a ``ValidationError`` it raises is shown on
    the reason. Returns (form, rows or None)."""
    form = form_class(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            return form, reveal(form.cleaned_data["reason"])
        except ValidationError as exc:
            form.add_error("reason", exc.messages[0])
    return form, None
