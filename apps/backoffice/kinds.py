"""What can be imported (each app's ``resources.py`` declares ``IMPORT_RESOURCES`` and
``SAMPLE_ROWS``), what each export shows, and how personal data is masked in exports.

Dependencies point down: the domain apps know nothing of the back office; it finds their
resources the way ``sync_roles`` finds their ``roles.py``."""

from __future__ import annotations

import functools
from collections.abc import Callable
from importlib import import_module

from django.apps import apps as django_apps
from django.core.exceptions import FieldDoesNotExist
from django.db import models

from apps.core.masking import mask_id_number, mask_phone, mask_text

REVEAL_PERM = "housing_swap.reveal_personal_data"
EXPORT_PERM = "backoffice.export_data"
IMPORT_PERM = "backoffice.import_data"

# Exports of some models need one more permission than ``view`` + ``backoffice.export_data``
# (the housing-swap owner's rule: applicant lists leave the system only with it).
EXTRA_EXPORT_PERMS = {"housing_swap.application": "housing_swap.export_applications"}


def mask_email(value: str | None) -> str:
    """``wang.wei@example.com`` -> ``w*******@example.com`` (the domain stays)."""
    if not value:
        return ""
    local, _at, domain = value.partition("@")
    return f"{mask_text(local)}@{domain}" if domain else mask_text(local)


def _mask_address(value):
    return mask_text(value, keep=6)


# Personal data per model and field, masked in every export unless the user may reveal it
# (the same masks as the housing-swap admin and API). An unmasked export of one of these
# models is written to the housing-swap audit log.
PERSONAL_FIELDS: dict[str, dict[str, Callable[[str | None], str]]] = {
    "housing_swap.application": {
        "applicant_name": mask_text,
        "id_number": mask_id_number,
        "phone": mask_phone,
        "proxy_name": mask_text,
        "old_home_address": _mask_address,
        "old_home_certificate_no": mask_id_number,
    },
    "housing_swap.householdmember": {"name": mask_text},
    "accounts.user": {"phone": mask_phone, "email": mask_email, "first_name": mask_text, "last_name": mask_text},
}

# Never exported, masked or not: secrets and keyed hashes.
NEVER_EXPORTED = {"password", "token", "id_number_hash", "old_home_certificate_hash", "key", "secret"}


@functools.cache
def import_resources() -> dict[str, type]:
    """``app_label.model_name`` -> import resource class, from every ``apps.*.resources``."""
    found = {}
    for config in django_apps.get_app_configs():
        if not config.name.startswith("apps."):
            continue
        try:
            module = import_module(f"{config.name}.resources")
        except ModuleNotFoundError as exc:
            if exc.name != f"{config.name}.resources":
                raise
            continue
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
    masks = PERSONAL_FIELDS.get(label, {})
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
    from apps.housing_swap.personal_data import EncryptedTextField

    columns, select = [], []
    for field in model._meta.concrete_fields:
        if field.name in NEVER_EXPORTED or field.name.endswith("_hash"):
            continue
        if isinstance(field, EncryptedTextField) and field.name not in masks:
            continue
        if isinstance(field, models.BinaryField):
            continue
        if field.is_relation:
            select.append(field.name)
        columns.append(Column(_header(field), _field_getter(field), masks.get(field.name)))
    return columns, select, []


def _header(field) -> str:
    return str(field.verbose_name)


def has_personal_data(model) -> bool:
    return model._meta.label_lower in PERSONAL_FIELDS
