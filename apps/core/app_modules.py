"""The modules the portal's apps declare by name (``resources.py``, ``roles.py``,
``report_categories.py``...), found the same way everywhere: shared code reads them without
importing the apps that declare them."""

from collections.abc import Iterator
from importlib import import_module
from types import ModuleType

from django.apps import apps as django_apps


def app_modules(name: str) -> Iterator[ModuleType]:
    """``apps.<app>.<name>`` of every installed portal app that has one, in INSTALLED_APPS
    order (an import error inside such a module is raised, not taken for its absence)."""
    for config in django_apps.get_app_configs():
        if not config.name.startswith("apps."):
            continue
        try:
            yield import_module(f"{config.name}.{name}")
        except ModuleNotFoundError as exc:
            if exc.name != f"{config.name}.{name}":
                raise
