"""Small pieces every app's admin shares."""

from urllib.parse import urlencode

from django.urls import reverse


def changelist_url(model_label: str, **params) -> str:
    """The admin change list of ``model_label`` (``"app_label.model_name"``) filtered by ``params``."""
    app_label, model_name = model_label.lower().split(".")
    url = reverse(f"admin:{app_label}_{model_name}_changelist")
    return f"{url}?{urlencode(params)}" if params else url
