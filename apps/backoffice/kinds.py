"""What can be imported (each app's ``resources.py`` declares ``IMPORT_RESOURCES`` and
``SAMPLE_ROWS``), what each export shows, and how personal data is masked in exports.

Dependencies point down: the domain apps know nothing of the back office; it finds their
resources the way ``sync_roles`` finds their ``roles.py``, and their personal data and audit
log from the ``PersonalFields`` and ``AuditHook`` contributions (``apps.core.contributions``)."""

from __future__ import annotations

import functools
from collections.abc import Callable
from importlib import import_module

from django.core.exceptions import FieldDoesNotExist
from django.db import models

from apps.core.app_modules import app_modules
from apps.core.contributions import AuditHook, PersonalFields, contributions

EXPORT_PERM = "backoffice.export_data"
IMPORT_PERM = "backoffice.import_data"

# Never exported, masked or not: secrets and keyed hashes (plus each model's own ``hidden``
# fields, and encrypted fields that are not declared personal data).
NEVER_EXPORTED = {"password", "token", "key", "secret"}


def personal_fields(model_or_label) -> PersonalFields | None:
    """The personal data an app declared for this model (a ``PersonalFields`` contribution)."""
    label = model_or_label if isinstance(model_or_label, str) else model_or_label._meta.label_lower
    for declared in contributions(PersonalFields):
        if declared.model == label:
            return declared
    return None


def has_personal_data(model) -> bool:
    return personal_fields(model) is not None


def may_reveal(user, model) -> bool:
    """May ``user`` see ``model``'s personal data unmasked?"""
    declared = personal_fields(model)
    return declared is not None and user.has_perm(declared.reveal_permission)


def extra_export_permission(label: str) -> str:
    """The permission an export of ``label`` needs besides ``view`` and ``backoffice.export_data``
    (e.g. housing-swap applicant lists leave the system only with their own)."""
    declared = personal_fields(label)
    return declared.export_permission if declared is not None else ""


def audit(*, actor, action: str, target: str, reason: str = "") -> None:
    """Record an access to personal data with every app that keeps an audit log."""
    for hook in contributions(AuditHook):
        hook.record(actor=actor, action=action, target=target, reason=reason)


@functools.cache
def import_resources() -> dict[str, type]:
    """``app_label.model_name`` -> import resource class, from every ``apps.*.resources``."""
    found = {}
    for module in app_modules("resources"):
        for resource in getattr(module, "IMPORT_RESOURCES", []):
            found[resource._meta.model._meta.label_lower] = resource
    return found


def sample_rows(label: str) -> list[dict]:
    resource = import_resources().get(label)
    if resource is None:
        return []
    module = import_module(resource.__module__)
    return list(getattr(module, "SAMPLE_ROWS", {}).get(resource._meta.model, []))


def import_columns(label: str) -> list[str]:
    resource = import_resources()[label]
    return list(resource._meta.fields)


class Column:
    def __init__(self, header, getter: Callable, mask: Callable | None = None):
        self.header, self.getter, self.mask = header, getter, mask

    def value(self, obj, reveal: bool):
        value = self.getter(obj)
        if self.mask is not None and not reveal:
            return self.mask(None if value is None else str(value))
        return value


def _field_getter(field):
    if field.is_relation:
        name = field.name

        def related(obj):
            target = getattr(obj, name)
            return "" if target is None else str(target)

        return related
    attname = field.attname
    if isinstance(field, models.FileField):
        return lambda obj: getattr(obj, attname).name or ""
    if isinstance(field, models.JSONField):
        import json

        return lambda obj: json.dumps(getattr(obj, attname), ensure_ascii=False) if getattr(obj, attname) not in (
            None, [], {}) else ""
    if field.choices:
        return lambda obj: getattr(obj, attname)
    return lambda obj: getattr(obj, attname)


def export_plan(model) -> tuple[list[Column], list[str], list[str]]:
    """Columns, ``select_related`` and ``prefetch_related`` paths for an export of ``model``.

    An importable model is exported with its import columns (a round trip: the file can be
    edited and imported again); any other model with its own concrete fields (foreign keys
    shown as the related row's name), personal fields masked, secrets left out."""
    label = model._meta.label_lower
    declared = personal_fields(label)
    masks = declared.masks if declared is not None else {}
    hidden = NEVER_EXPORTED.union(declared.hidden if declared is not None else ())
    resource_class = import_resources().get(label)
    if resource_class is not None:
        resource = resource_class()
        columns = []
        select, prefetch = [], []
        for name in resource._meta.fields:
            field = resource.fields[name]
            columns.append(Column(name, lambda obj, f=field: f.export(obj), masks.get(name)))
            try:
                model_field = model._meta.get_field(field.attribute)
            except FieldDoesNotExist:  # a computed column
                continue
            if model_field.many_to_many:
                prefetch.append(model_field.name)
            elif model_field.is_relation:
                select.append(model_field.name)
        return columns, select, prefetch
    columns, select = [], []
    for field in model._meta.concrete_fields:
        if field.name in hidden or field.name.endswith("_hash"):
            continue
        if getattr(field, "encrypted", False) and field.name not in masks:
            continue
        if isinstance(field, models.BinaryField):
            continue
        if field.is_relation:
            select.append(field.name)
        columns.append(Column(_header(field), _field_getter(field), masks.get(field.name)))
    return columns, select, []


def _header(field) -> str:
    return str(field.verbose_name)

