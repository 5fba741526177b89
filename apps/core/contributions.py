"""What an app adds to the portal's shared machinery, declared by the app itself.

The shared layers (``core``, ``places``, ``backoffice``) never import a domain app. Instead,
each app hands them what only it knows from its ``AppConfig.ready()``::

    from apps.core.contributions import CacheNamespace, NavigationEntry, contribute

    class CanteensConfig(AppConfig):
        def ready(self):
            contribute(self,
                       NavigationEntry("/canteens/", _("Senior canteens"), order=30),
                       CacheNamespace("canteens", facilities=True))

and the shared code reads them back with ``contributions(NavigationEntry)``. An app that is
not installed contributes nothing, so adding (or removing) an app touches no shared module.
The kinds of contribution are the dataclasses below; the README ("How the apps plug in")
lists them with the apps that make them.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, TypeVar

T = TypeVar("T")


@dataclass(frozen=True)
class NavigationEntry:
    """A link in the site's main navigation (``core``'s context processor), lowest order first."""

    path: str
    label: Any  # a lazy translated string
    order: int = 100


@dataclass(frozen=True)
class CacheNamespace:
    """A namespace of the shared page/API cache (``apps.core.cache``): cached fragments that
    read it are rebuilt after ``data_changed(name)``. ``models`` are the labels of the models
    the public pages show (``"canteens.canteen"``): their saves, deletes and many-to-many
    changes call ``data_changed(name)`` by themselves, and no other model's do; ``facilities``
    marks a namespace that holds facilities (the dashboard and the facility pages read every
    such namespace)."""

    name: str
    models: tuple[str, ...] = ()
    facilities: bool = False


@dataclass(frozen=True)
class PendingWork:
    """One line of pending work on a staff member's admin home (``backoffice``).

    ``count(user, context)`` returns how many rows wait (one counting query; ``context`` is the
    back office's per-page ``PendingContext``: ``today``, ``now``, ``scope()`` — the user's
    sub-districts or ``None`` for all — and a ``memo`` dict to share one query between lines);
    ``url(context)`` links to the change list filtered the same way. Shown only to staff with
    ``permission``; lowest ``order`` first."""

    key: str
    label: Any
    permission: str
    count: Callable[[Any, Any], int]
    url: Callable[[Any], str]
    order: int = 100


@dataclass(frozen=True)
class PersonalFields:
    """Personal data in a model (``"app_label.model_name"``): ``masks`` maps a field to its
    masking function (``apps.core.masking``). Exports and other shared views mask these fields
    unless the user has ``reveal_permission``; exporting the model at all needs
    ``export_permission`` too when it is set. ``hidden`` fields are never exported."""

    model: str
    masks: Mapping[str, Callable[[str | None], str]]
    reveal_permission: str
    export_permission: str = ""
    hidden: tuple[str, ...] = ()


@dataclass(frozen=True)
class AuditHook:
    """Where access to personal data is recorded: ``record(actor=, action=, target=, reason=)``
    is called by shared code (an unmasked export) inside its transaction. ``action`` is one of
    ``"reveal"``, ``"export"``."""

    record: Callable[..., Any]


@dataclass(frozen=True)
class FacilityLink:
    """A link every facility's detail page shows (``places``' shared detail template), for
    what another app offers about one facility, e.g. reports' "report a problem with this
    charging station". ``label(facility)`` and ``url(facility)`` give the text and the path;
    they must not query (the page is cached per language, not per visitor). Lowest
    ``order`` first."""

    key: str
    label: Callable[[Any], Any]
    url: Callable[[Any], str]
    order: int = 100


@dataclass(frozen=True)
class PlaceLink:
    """A link the nearby page shows for the place a resident searched from, for what another
    app offers about a point, e.g. reports' "report a problem here". ``url(lat, lon)`` (WGS-84)
    gives the path; ``label`` its text. Lowest ``order`` first.

    Maps offer it where a resident taps too when ``tap_url`` is set: the same path with
    ``{lat}`` and ``{lon}`` where the numbers go (the map's script fills in the tapped point,
    WGS-84, 6 decimals), shown as ``tap_label`` (``label`` when empty). The link above the map
    stays the keyboard's and no-JavaScript way to the same place."""

    key: str
    label: Any
    url: Callable[[float, float], str]
    order: int = 100
    tap_url: str = ""
    tap_label: Any = ""

    def map_tap(self) -> dict | None:
        """What a map's script needs to offer this link at a tapped point, or None."""
        if not self.tap_url:
            return None
        return {"key": self.key, "label": str(self.tap_label or self.label), "url": self.tap_url}


def map_taps() -> list[dict]:
    """Every contributed ``PlaceLink`` a map offers at a tapped point, lowest ``order`` first."""
    return [tap for link in sorted(contributions(PlaceLink), key=lambda link: link.order)
            if (tap := link.map_tap()) is not None]


@dataclass(frozen=True)
class FacilityOperators:
    """Outside organisations that run facilities of ``kind`` (charging companies run
    stations) and answer for them, e.g. to problem reports, without the apps knowing each other.

    ``operator_of(facility_id)`` -> ``(key, name)`` of the facility's operator or ``None``;
    ``choices()`` -> every operator as ``(key, name)``; ``operated_by(user, auth)`` -> the
    ``(key, facility ids)`` the caller may act on (``auth``: the request's token, which may
    narrow the facilities) or ``None`` when the caller acts for no operator. Keys are stable
    strings such as ``"charging:12"``; ``facility ids`` may be a queryset of ids.
    ``accounts(key)`` -> the user ids of the operator's active accounts (who get notices about
    what reaches the operator), or an empty list for a key that is not this kind's."""

    kind: str
    operator_of: Callable[[int], tuple[str, str] | None]
    choices: Callable[[], list[tuple[str, str]]]
    operated_by: Callable[[Any, Any], tuple[str, Any] | None]
    accounts: Callable[[str], Any] | None = None


@dataclass(frozen=True)
class FacilityOutages:
    """Parts of facilities of ``kind`` that are out of order, for the notices to the people who
    follow them (issue 20; ``apps.places.news``): charging's charge points reported out of
    order, parking's car parks whose live count has gone silent.

    ``outages(started_after, started_before)`` yields ``(facility_id, part_key, part_label,
    since)`` for every outage still going on that began in that window (aware datetimes);
    ``part_key`` is stable (a charge point's id), ``part_label`` is what residents read (its
    label as painted, or a translated phrase). A part back in order stops being yielded; if it
    fails again it is a new outage with a new ``since``."""

    kind: str
    outages: Callable[[Any, Any], Any]


@dataclass(frozen=True)
class FacilityPanel:
    """A per-visitor part of every facility's page, outside its shared cached content (e.g.
    notices' "follow this facility" form). ``context(request, facility_id)`` returns the
    template's context, or None to show nothing; ``template`` renders it. Lowest ``order``
    first."""

    key: str
    template: str
    context: Callable[[Any, int], Any]
    order: int = 100


@dataclass(frozen=True)
class PersonalDataSource:
    """What an app holds about one resident, for their own download (PIPL Art. 45) and the
    closing of their account (Art. 47), read by ``apps.privacy``.

    ``export(user)`` returns JSON-able data (the archive's ``data.json`` has it under
    ``key``); ``files(user)`` yields ``(path in the archive, open)`` where ``open()`` returns a
    readable binary stream of the file in clear; ``blockers(user)`` returns the reasons (in
    the resident's language) the account cannot be closed now; ``erase(user)`` deletes or
    anonymises, inside the closing transaction, what the app need not keep, and returns a
    short English summary for the audit record (no personal data)."""

    key: str
    export: Callable[[Any], Any]
    files: Callable[[Any], Any] | None = None
    blockers: Callable[[Any], list] | None = None
    erase: Callable[[Any], str] | None = None


@dataclass(frozen=True)
class _Entry:
    app_label: str
    item: Any
    position: int = field(default=0)


_REGISTRY: list[_Entry] = []
_LISTENERS: list[tuple[type, Callable]] = []


def contribute(app_config, *items) -> None:
    """Register ``items`` for ``app_config``'s app (call from its ``ready()``). Registering the
    same item twice keeps one."""
    label = getattr(app_config, "label", str(app_config))
    for item in items:
        if any(e.app_label == label and e.item == item for e in _REGISTRY):
            continue
        _REGISTRY.append(_Entry(label, item, len(_REGISTRY)))
        for kind, listener in _LISTENERS:
            if isinstance(item, kind):
                listener(label, item)


def on_contribution(kind: type[T], listener: Callable[[str, T], None]) -> None:
    """Call ``listener(app_label, item)`` for every contribution of ``kind``: those made
    already and those made later (for shared code that must act when an app plugs in, such
    as the cache connecting the signals of the models a ``CacheNamespace`` declares)."""
    _LISTENERS.append((kind, listener))
    for label, item in contributors(kind):
        listener(label, item)


def contributions(kind: type[T]) -> list[T]:
    """Every contribution of ``kind``, by ``order`` when the kind has one, else in the order
    the apps were installed."""
    return [item for _label, item in contributors(kind)]


def contributors(kind: type[T]) -> list[tuple[str, T]]:
    """``(app_label, item)`` for every contribution of ``kind`` (same order as above)."""
    found = [e for e in _REGISTRY if isinstance(e.item, kind)]
    found.sort(key=lambda e: (getattr(e.item, "order", 0), e.position))
    return [(e.app_label, e.item) for e in found]


def withdraw(app_label: str, kind: type | None = None) -> None:
    """Forget an app's contributions (of ``kind``); for tests that plug in a fake app."""
    _REGISTRY[:] = [e for e in _REGISTRY if not (e.app_label == app_label and (kind is None or isinstance(e.item, kind)))]
