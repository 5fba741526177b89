"""Roles are groups with exact permissions, kept as data.

Each app may declare ``ROLE_PERMISSIONS = {role: ["app_label.codename", ...]}`` in its own
``roles.py``; :func:`sync_roles` (run by migrations' post-migrate, ``seed_demo`` and the
``sync_roles`` command on deploy) creates the groups and sets exactly those permissions.
"""

from importlib import import_module

from django.apps import apps as django_apps
from django.contrib.auth.models import Group, Permission
from django.utils.translation import gettext_lazy as _

RESIDENT = "resident"
DISTRICT_ADMIN = "administrator"
OFFICIAL = "official"  # sub-district official: facilities and projects of their sub-districts
HOUSING_SWAP_REVIEWER = "housing_swap_reviewer"
HOUSING_SWAP_ADMIN = "housing_swap_admin"
AUDITOR = "auditor"

ROLE_LABELS = {
    RESIDENT: _("Resident"),
    DISTRICT_ADMIN: _("District administrator"),
    OFFICIAL: _("Sub-district official"),
    HOUSING_SWAP_REVIEWER: _("Housing-swap reviewer"),
    HOUSING_SWAP_ADMIN: _("Housing-swap administrator"),
    AUDITOR: _("Read-only auditor"),
}

ROLE_PERMISSIONS: dict[str, list[str]] = {
    RESIDENT: [],
    DISTRICT_ADMIN: [
        "accounts.view_user",
        "accounts.change_user",
        "places.view_subdistrict",
        "places.change_subdistrict",
        "places.add_community",
        "places.view_community",
        "places.change_community",
        # unlock a locked-out staff sign-in (django-axes)
        "axes.view_accessattempt",
        "axes.delete_accessattempt",
        # invite staff to set up (or replace) their two-factor device (issue 18 item 1)
        "accounts.add_twofactorinvitation",
    ],
    OFFICIAL: ["places.view_subdistrict", "places.view_community"],
    HOUSING_SWAP_REVIEWER: [],
    HOUSING_SWAP_ADMIN: [],
    AUDITOR: [
        "places.view_subdistrict",
        "places.view_community",
        "accounts.view_user",
        # staff sign-in records (not the lockouts themselves: axes' admin offers everyone who
        # sees them a clean-up action)
        "axes.view_accesslog",
        "axes.view_accessfailurelog",
    ],
}


def facility_kind_role_permissions(app_label: str, models: list[str]) -> dict[str, list[str]]:
    """A facility kind's ``ROLE_PERMISSIONS``: the district administrator manages its
    ``models``, sub-district officials change and view them (in their own sub-districts: the
    admin is scoped), auditors view them."""
    return {
        DISTRICT_ADMIN: [f"{app_label}.{action}_{model}" for model in models
                         for action in ("add", "change", "view", "delete")],
        OFFICIAL: [f"{app_label}.{action}_{model}" for model in models for action in ("change", "view")],
        AUDITOR: [f"{app_label}.view_{model}" for model in models],
    }


def collected_role_permissions() -> dict[str, set[str]]:
    """Every app's ``roles.ROLE_PERMISSIONS`` merged by role."""
    merged: dict[str, set[str]] = {role: set() for role in ROLE_LABELS}
    for config in django_apps.get_app_configs():
        if not config.name.startswith("apps."):
            continue
        try:
            module = import_module(f"{config.name}.roles")
        except ModuleNotFoundError:
            continue
        for role, perms in getattr(module, "ROLE_PERMISSIONS", {}).items():
            merged.setdefault(role, set()).update(perms)
    return merged


def sync_roles(**_signal_kwargs) -> dict[str, int]:
    """Create the role groups and give each exactly its permissions. Idempotent.

    Also connected to ``post_migrate``, so a freshly migrated database has its roles."""
    from django.contrib.auth.management import create_permissions

    for config in django_apps.get_app_configs():
        create_permissions(config, verbosity=0)
    counts = {}
    for role, perms in collected_role_permissions().items():
        group, _created = Group.objects.get_or_create(name=role)
        wanted = []
        for dotted in sorted(perms):
            app_label, codename = dotted.split(".", 1)
            wanted.append(
                Permission.objects.get(content_type__app_label=app_label, codename=codename)
            )
        group.permissions.set(wanted)
        counts[role] = len(wanted)
    return counts
