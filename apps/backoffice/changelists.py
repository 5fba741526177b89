"""The rows of an admin change list, as the user sees them: the ModelAdmin's own
``get_queryset`` (row scoping of sub-district officials), its filters, search and ordering,
rebuilt from the saved query string, also inside a Celery worker."""

from __future__ import annotations

from django.contrib import admin
from django.contrib.admin.options import IncorrectLookupParameters
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import QueryDict
from django.test import RequestFactory
from django.utils.translation import gettext as _

from . import kinds

# Our own parameters on the export page, never passed to the change list.
OWN_PARAMS = {"format", "reveal", "reason", "csrfmiddlewaretoken", "_changelist_filters"}


def model_admin_for(label: str):
    """The registered ModelAdmin of ``app_label.model_name`` of a portal app, or ``None``."""
    for model, model_admin in admin.site._registry.items():
        if model._meta.label_lower == label and type(model_admin).__module__.startswith("apps."):
            return model_admin
    return None


def portal_model_admins() -> list:
    """Every ModelAdmin registered by the portal's apps (``apps.*``)."""
    return [ma for ma in admin.site._registry.values() if type(ma).__module__.startswith("apps.")]


def fake_request(user, query: dict | None = None, path: str = "/admin/"):
    request = RequestFactory().get(path)
    request.GET = _query_dict(query or {})
    request.user = user
    return request


def _query_dict(query: dict) -> QueryDict:
    result = QueryDict(mutable=True)
    for key, value in query.items():
        if key in OWN_PARAMS:
            continue
        if isinstance(value, list):
            result.setlist(key, [str(v) for v in value])
        else:
            result[key] = str(value)
    return result


def query_from(querydict) -> dict:
    """A JSON-storable copy of a change-list query string (our own parameters left out)."""
    return {k: (v if len(v) > 1 else v[0]) for k, v in querydict.lists() if k not in OWN_PARAMS}


def can_export(user, model_admin, request=None) -> bool:
    request = request or fake_request(user)
    label = model_admin.model._meta.label_lower
    if not user.is_active or not user.is_staff or not user.has_perm(kinds.EXPORT_PERM):
        return False
    extra = kinds.extra_export_permission(label)
    if extra and not user.has_perm(extra):
        return False
    return bool(model_admin.has_view_or_change_permission(request))


def can_import(user, label: str) -> bool:
    if label not in kinds.import_resources() or not user.is_active or not user.is_staff:
        return False
    app_label, model_name = label.split(".")
    return user.has_perm(kinds.IMPORT_PERM) and (
        user.has_perm(f"{app_label}.add_{model_name}") or user.has_perm(f"{app_label}.change_{model_name}")
    )


def changelist_queryset(model_admin, user, query: dict):
    """The change list's rows for ``user`` with ``query`` (filters, search, ordering)."""
    request = fake_request(user, query, path=f"/admin/{model_admin.opts.app_label}/{model_admin.opts.model_name}/")
    if not can_export(user, model_admin, request):
        raise PermissionDenied
    try:
        changelist = model_admin.get_changelist_instance(request)
    except IncorrectLookupParameters as exc:
        raise ValidationError(_("These filters are not valid for this list.")) from exc
    return changelist.queryset
