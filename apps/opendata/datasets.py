"""The open datasets: for every registered facility kind (``places.registry``), its published
facilities as CSV and as GeoJSON, under CC BY 4.0.

Columns: the ones every facility has (:data:`COMMON`) and then the kind's own, read from the
import/export resource the kind declares in its ``resources.py`` (``IMPORT_RESOURCES``, a
``places.resources.FacilityResource`` with ``kind``): the kinds are found, never named, and
this app imports none of them (as apps.backoffice finds the same resources)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache

from django.db.models import Count, Max
from django.utils.translation import gettext_lazy as _

from apps.core.app_modules import app_modules
from apps.places import registry
from apps.places.models import Facility
from apps.places.resources import FACILITY_COLUMNS

LICENCE = "CC BY 4.0"
LICENCE_URL = "https://creativecommons.org/licenses/by/4.0/"
ATTRIBUTION = _("Qiaokou District citizen-services portal (硚口区民生服务平台)")
CHUNK = 2000

# (column, description) every dataset starts with
COMMON = [
    ("id", _("the facility's id in the portal (its page is url)")),
    ("kind", _("facility kind")),
    ("code", _("stable reference of data loads (may be empty)")),
    ("name", _("name (Chinese)")),
    ("name_en", _("name (English)")),
    ("address", _("address (Chinese)")),
    ("address_en", _("address (English)")),
    ("sub_district", _("sub-district (Chinese)")),
    ("community", _("community (Chinese)")),
    ("community_code", _("community code")),
    ("lat", _("latitude, WGS-84 degrees")),
    ("lon", _("longitude, WGS-84 degrees")),
    ("phone", _("phone")),
    ("opening_hours", _("weekly opening hours, e.g. Mo 08:00-17:00; Tu 08:00-17:00")),
    ("accessibility", _("accessibility feature codes, separated by ;")),
    ("last_verified", _("date the entry was last checked")),
    ("is_illustrative", _("1 when the entry is invented for the demo, not official")),
    ("url", _("the facility's public page")),
]
DAY_CODES = ["Mo", "Tu", "We", "Th", "Fr", "Sa", "Su"]


@cache
def kind_resources() -> dict[str, type]:
    """kind -> the kind's import/export resource class, from every installed app's resources.py."""
    found = {}
    for module in app_modules("resources"):
        for resource in getattr(module, "IMPORT_RESOURCES", []):
            if getattr(resource, "kind", ""):
                found[resource.kind] = resource
    return found


@dataclass(frozen=True)
class Dataset:
    kind: str
    label: str
    columns: list[tuple[str, object]]  # (column, description)
    count: int
    updated: object  # the latest change of a published facility (datetime or None)


def own_columns(kind: str) -> list[tuple[str, object]]:
    """The kind's own columns (its resource's, beyond the shared ones), described by the model
    field's name."""
    resource = kind_resources().get(kind)
    if resource is None:
        return []
    model = resource._meta.model
    columns = []
    for name, field in resource().fields.items():
        if name in FACILITY_COLUMNS:
            continue
        try:
            description = model._meta.get_field(field.attribute).verbose_name
        except Exception:  # noqa: BLE001 - a column that is not a model field: its name says it
            description = name
        columns.append((field.column_name, description))
    return columns


def columns(kind: str) -> list[tuple[str, object]]:
    """(column, description) of the kind's dataset."""
    return [*COMMON, *own_columns(kind)]


def datasets() -> list[Dataset]:
    """Every registered kind's dataset, in registration order, with its size and update time
    (one query)."""
    stats = {
        row["kind"]: row for row in Facility.objects.published().order_by().values("kind")
        .annotate(n=Count("id"), updated=Max("updated_at"))
    }
    return [
        Dataset(kind=kind, label=str(label), columns=columns(kind),
                count=stats.get(kind, {}).get("n", 0), updated=stats.get(kind, {}).get("updated"))
        for kind, label in registry.kind_choices()
    ]


def _hours(facility) -> str:
    return "; ".join(f"{DAY_CODES[p.weekday]} {p.opens:%H:%M}-{p.closes:%H:%M}" for p in facility.opening_hours.all())


def rows(kind: str) -> Iterator[dict]:
    """The kind's published facilities as dicts of the dataset's columns, in id order (read in
    chunks: a constant number of queries per chunk)."""
    resource_class = kind_resources().get(kind)
    model = resource_class._meta.model if resource_class else Facility
    resource = resource_class() if resource_class else None
    own = [field for name, field in resource.fields.items() if name not in FACILITY_COLUMNS] if resource else []
    queryset = (model.objects.published().filter(kind=kind).select_related("community__sub_district")
                .prefetch_related("opening_hours").order_by("pk"))
    for facility in queryset.iterator(chunk_size=CHUNK):
        row = {
            "id": facility.pk, "kind": kind, "code": getattr(facility, "code", "") or "",
            "name": facility.name, "name_en": facility.name_en,
            "address": facility.address, "address_en": facility.address_en,
            "sub_district": facility.community.sub_district.name, "community": facility.community.name,
            "community_code": facility.community.code, "lat": facility.lat, "lon": facility.lon,
            "phone": facility.phone, "opening_hours": _hours(facility),
            "accessibility": ";".join(facility.accessibility or []),
            "last_verified": facility.last_verified.isoformat() if facility.last_verified else "",
            "is_illustrative": 1 if facility.is_illustrative else 0,
            "url": registry.detail_url(kind, facility.pk),
        }
        for field in own:
            row[field.column_name] = field.export(facility)
        yield row
