"""Report categories, declared by the apps that know them.

Each app may declare ``REPORT_CATEGORIES = [dict(code=..., name=..., name_en=..., kind=...,
acknowledge_hours=..., resolve_days=...), ...]`` (the fields of :class:`CategoryDeclaration`,
as plain data: a domain app imports no other domain app) in its own
``apps/<app>/report_categories.py`` (the same pattern as ``roles.py``): a new facility kind
adds its categories there without editing ``reports``. The declarations are defaults;
:func:`categories_sync` copies them into the ``Category`` table once, and officials then
tune the deadlines in the back office (a later sync never overwrites them).

This module declares the categories that belong to no facility kind (street problems and
"other").
"""

from __future__ import annotations

from dataclasses import dataclass, field
from importlib import import_module

from django.apps import apps as django_apps

GENERAL_KIND = ""  # a category that is not about a facility of one kind

@dataclass(frozen=True)
class CategoryDeclaration:
    code: str  # the Open311 service_code: lowercase letters, digits, "-" and "_"
    name: str  # Chinese
    name_en: str
    kind: str = GENERAL_KIND  # a places FacilityKind value, or "" for any place
    group: str = ""  # the Open311 group, in English (a stable key)
    description: str = ""
    keywords: tuple[str, ...] = field(default_factory=tuple)
    acknowledge_hours: int = 4  # working hours
    resolve_days: int = 5  # working days
    order: int = 100

REPORT_CATEGORIES = [
    CategoryDeclaration(
        code="street-lighting", name="路灯不亮", name_en="Street light out", group="street",
        keywords=("light", "lamp", "路灯"), acknowledge_hours=4, resolve_days=3, order=10,
    ),
    CategoryDeclaration(
        code="road-damage", name="道路破损", name_en="Damaged road or pavement", group="street",
        keywords=("pothole", "pavement", "坑洼"), acknowledge_hours=4, resolve_days=10, order=20,
    ),
    CategoryDeclaration(
        code="litter", name="垃圾堆放", name_en="Litter or dumped rubbish", group="street",
        keywords=("rubbish", "垃圾"), acknowledge_hours=4, resolve_days=2, order=30,
    ),
    CategoryDeclaration(
        code="other", name="其他问题", name_en="Other problem", group="other",
        keywords=("other",), acknowledge_hours=8, resolve_days=10, order=999,
    ),
]

def declared_categories() -> list[CategoryDeclaration]:
    """Every app's ``report_categories.REPORT_CATEGORIES``, in ``INSTALLED_APPS`` order,
    then this module's general ones. A code declared twice keeps its first declaration."""
    found: dict[str, CategoryDeclaration] = {}
    for config in django_apps.get_app_configs():
        if not config.name.startswith("apps.") or config.name == "apps.reports":
            continue
        try:
            module = import_module(f"{config.name}.report_categories")
        except ModuleNotFoundError as exc:
            if exc.name != f"{config.name}.report_categories":
                raise
            continue
        for declaration in getattr(module, "REPORT_CATEGORIES", []):
            if isinstance(declaration, dict):
                declaration = CategoryDeclaration(**{**declaration, "keywords": tuple(declaration.get("keywords", ()))})
            found.setdefault(declaration.code, declaration)
    for declaration in REPORT_CATEGORIES:
        found.setdefault(declaration.code, declaration)
    return list(found.values())

def categories_sync() -> int:
    """Create the declared categories the table lacks; names follow the declaration, the
    deadlines and the active flag are the officials' once created. Idempotent. Returns the
    number created."""
    from .models import Category

    existing = {c.code: c for c in Category.objects.all()}
    created = 0
    for d in declared_categories():
        values = {
            "name": d.name, "name_en": d.name_en, "kind": d.kind, "group": d.group,
            "description": d.description, "keywords": ",".join(d.keywords), "order": d.order,
        }
        category = existing.get(d.code)
        if category is None:
            Category.objects.create(
                code=d.code, acknowledge_hours=d.acknowledge_hours, resolve_days=d.resolve_days, **values
            )
            created += 1
            continue
        changed = [k for k, v in values.items() if getattr(category, k) != v]
        if changed:
            for k in changed:
                setattr(category, k, values[k])
            category.save(update_fields=changed)
    return created

def sync_after_migrate(**kwargs) -> None:
    categories_sync()
