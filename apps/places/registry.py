"""What each facility kind's own app knows, registered in its ``AppConfig.ready()``, so that
``places`` (nearby search, coverage, maps) can label and link every kind without importing
the domain apps: dependencies point down."""

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from django.core.exceptions import ValidationError
from django.urls import NoReverseMatch, get_script_prefix, reverse
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True, slots=True)
class Availability:
    """A kind's live availability for one facility, from its operator's reports.
    ``available``: something is free now per a fresh report; None when no fresh report says
    (reports older than the kind's staleness limit mean nothing)."""

    available: bool | None
    free: int | None = None  # free charge points / parking spaces per fresh reports
    total: int | None = None
    as_of: datetime | None = None  # the newest fresh report
    # charging: free charge points per connector standard, and every standard present
    free_by_connector: Mapping[str, int] = field(default_factory=dict)
    connectors: frozenset[str] = frozenset()

    def as_dict(self) -> dict:
        return {
            "available": self.available, "free": self.free, "total": self.total,
            "as_of": self.as_of.isoformat() if self.as_of else None,
            "free_by_connector": dict(sorted(self.free_by_connector.items())),
        }


@dataclass(frozen=True)
class KindInfo:
    kind: str
    label: object  # a lazy translated string
    detail_url_name: str  # reversed with the facility id, e.g. "canteens:detail"
    api_detail_url_name: str = ""
    # synthesize(facilities, rng): bulk-create the kind's own rows for freshly generated base
    # facilities (used by ``generate_facilities``); ``rng`` is a seeded random.Random.
    synthesize: Callable | None = None
    # availability(ids, now): {id: Availability} for the kind's facilities among ``ids`` that
    # have live telemetry (charging: free charge points; parking: free spaces). Kinds without
    # live telemetry leave it None; nearby's ``available``/``connector`` filters skip them.
    availability: Callable[[Sequence[int], datetime], dict[int, Availability]] | None = None
    # The name under which nearby's API results of the kind carry ``availability.free`` (null
    # when unknown or stale): CONTRACT §4's ``free_points`` (charging), ``free_spaces`` (parking).
    availability_field: str = ""
    # (value, label) of the connector standards a ``connector=`` filter may name (charging).
    connector_choices: Sequence[tuple[str, object]] = ()
    # The kind's facilities are themselves accessibility sites (ramps, accessible toilets...):
    # nearby's ``accessible`` filter counts them as "an accessible entrance/toilet nearby".
    accessibility_sites: bool = False
    # The kind's public list page (``"parks:list"``): the dashboard's and nearby's links to it.
    list_url_name: str = ""
    # generate_facilities: the generated names' stem (Chinese, English) and the kind's share
    # of a mixed run (0: only with ``--kind``).
    generated_name: tuple[str, str] = ("设施", "Facility")
    generation_weight: float = 0.0
    # Service coverage: the reach (metres) that counts as served until a standard is entered
    # for the kind (None: coverage is not computed for the kind).
    coverage_reach_m: int | None = None


_KINDS: dict[str, KindInfo] = {}


def register_kind(info: KindInfo) -> None:
    _KINDS[info.kind] = info


def kind_info(kind: str) -> KindInfo | None:
    return _KINDS.get(kind)


def registered_kinds() -> list[str]:
    return list(_KINDS)


def kind_choices() -> list[tuple[str, object]]:
    """(kind, label) of every registered kind, in registration (INSTALLED_APPS) order: the
    choices of every kind field and filter, so that a new kind's app adds itself."""
    return [(kind, info.label) for kind, info in _KINDS.items()]


def kind_label(kind: str) -> str:
    info = _KINDS.get(kind)
    return str(info.label) if info else kind


def validate_kind(value: str) -> None:
    """A model field validator: ``value`` is a registered kind (the kinds are the installed
    kind apps', not a list in ``places``)."""
    if value not in _KINDS:
        raise ValidationError(_("Unknown facility kind “%(value)s”."), code="invalid_kind",
                              params={"value": value})


def list_url(kind: str) -> str:
    info = _KINDS.get(kind)
    if info is None or not info.list_url_name:
        return ""
    try:
        return reverse(info.list_url_name)
    except NoReverseMatch:
        return ""


def kinds_with(attribute: str) -> list[str]:
    """Registered kinds whose ``attribute`` is set (e.g. ``"availability"``)."""
    return sorted(kind for kind, info in _KINDS.items() if getattr(info, attribute))


def connector_choices() -> list[tuple[str, object]]:
    seen: dict[str, object] = {}
    for info in _KINDS.values():
        for value, label in info.connector_choices:
            seen.setdefault(value, label)
    return list(seen.items())


_SENTINEL = 987654321987
_URL_TEMPLATES: dict[tuple[str, str], tuple[str, str]] = {}


def detail_url(kind: str, facility_id: int | None) -> str:
    """The facility's public page, or "" (no facility, an unknown kind, or a kind whose pages
    are not wired)."""
    info = _KINDS.get(kind)
    if info is None or not facility_id:
        return ""
    try:
        return reverse_with_id(info.detail_url_name, facility_id)
    except NoReverseMatch:
        return ""


def reverse_with_id(name: str, pk: int) -> str:
    """``reverse(name, args=[pk])``, reversed once per URL name (and script prefix), then
    formatted: lists of many facilities stay cheap (a reverse cost 15 µs)."""
    key = (name, get_script_prefix())
    template = _URL_TEMPLATES.get(key)
    if template is None:
        url = reverse(name, args=[_SENTINEL])
        if url.count(str(_SENTINEL)) != 1:
            return reverse(name, args=[pk])
        template = _URL_TEMPLATES[key] = tuple(url.split(str(_SENTINEL)))
    return f"{template[0]}{int(pk)}{template[1]}"


# Listeners told when facilities are published, moved, closed or deleted (for example
# coverage recomputation). Called with the list of facility ids, inside the transaction;
# a listener that schedules work should do so with transaction.on_commit.
_CHANGE_LISTENERS: list[Callable[[list[int]], None]] = []


def on_facilities_changed(listener: Callable[[list[int]], None]) -> None:
    if listener not in _CHANGE_LISTENERS:
        _CHANGE_LISTENERS.append(listener)


def facilities_changed(facility_ids: list[int]) -> None:
    for listener in _CHANGE_LISTENERS:
        listener(facility_ids)
