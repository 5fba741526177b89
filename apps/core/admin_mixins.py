"""Small pieces every app's admin shares."""

from urllib.parse import urlencode

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
