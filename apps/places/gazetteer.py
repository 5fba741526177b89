"""Finding a starting point by name, without an outside geocoder (issue 19): communities,
sub-districts, roads and named places (facilities), by Chinese name, English name, full pinyin
or pinyin initials ("gtgy" finds 古田公园).

The index is built from the portal's own data and kept in the cache (pinyin is computed once
per build, not per search): communities and sub-districts (their point, or the centre of their communities),
roads (read from the addresses of published facilities: "硚口区古田二路特1号" is on 古田二路,
placed at the mean of its facilities), and published facilities while there are at most
``FACILITY_INDEX_LIMIT`` of them; above that (bulk-generated data) facilities are found by
name in the database instead (Chinese or English, no initials).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.core.cache import cache
from django.db.models import Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from . import names
from .models import Community, Facility, SubDistrict

CACHE_KEY = "places:gazetteer:v1"
CACHE_SECONDS = 300
FACILITY_INDEX_LIMIT = 5000
ROAD_ADDRESS_LIMIT = 20000
KIND_ORDER = {"community": 0, "sub_district": 1, "facility": 2, "road": 3}
KIND_LABELS = {"community": _("community"), "sub_district": _("sub-district"), "road": _("road")}

_PREFIX = re.compile(r"^(?:湖北省)?(?:武汉市)?(?:硚口区)?")
_ROAD = re.compile(r"^([\u4e00-\u9fff]{1,8}?(?:大道|大街|路|街(?!道)|巷))")
_SEPARATORS = re.compile(r"[\s'’\-·.,，。]+")


@dataclass(frozen=True)
class Place:
    kind: str               # community, sub_district, road or facility
    name: str
    name_en: str
    lat: float
    lon: float
    pinyin: str
    initials: str
    facility_kind: str = ""

    @property
    def display_name(self) -> str:
        if (get_language() or "zh-hans").lower().startswith("en") and self.name_en:
            return self.name_en
        return self.name

    def __str__(self) -> str:
        return self.display_name

    @property
    def kind_label(self) -> str:
        if self.kind == "facility":
            from .registry import kind_label

            return str(kind_label(self.facility_kind))
        return str(KIND_LABELS[self.kind])


def normalise(text: str) -> str:
    return _SEPARATORS.sub("", (text or "").strip().lower())


def _place(kind: str, name: str, name_en: str, lat: float, lon: float, facility_kind: str = "") -> Place:
    return Place(kind, name, name_en or "", float(lat), float(lon), names.full_pinyin(name),
                 names.initials(name), facility_kind)


def road_of(address: str) -> str:
    """The road an address is on ("硚口区古田二路特1号" -> "古田二路"), or ''."""
    match = _ROAD.match(_PREFIX.sub("", address or ""))
    return match.group(1) if match else ""


def build() -> list[Place]:
    places = []
    centres: dict[int, list[tuple[float, float]]] = {}
    for c in Community.objects.only("name", "name_en", "lat", "lon", "sub_district_id"):
        places.append(_place("community", c.name, c.name_en, c.lat, c.lon))
        centres.setdefault(c.sub_district_id, []).append((c.lat, c.lon))
    for s in SubDistrict.objects.only("name", "name_en", "lat", "lon"):
        points = [(s.lat, s.lon)] if s.lat is not None and s.lon is not None else centres.get(s.pk)
        if points:
            places.append(_place("sub_district", s.name, s.name_en, sum(p[0] for p in points) / len(points),
                                 sum(p[1] for p in points) / len(points)))
    published = Facility.objects.published()
    roads: dict[str, list[tuple[float, float]]] = {}
    for address, lat, lon in published.order_by("pk").values_list("address", "lat", "lon")[:ROAD_ADDRESS_LIMIT]:
        road = road_of(address)
        if road:
            roads.setdefault(road, []).append((lat, lon))
    for road, points in roads.items():
        places.append(_place("road", road, names.pinyin_word(road), sum(p[0] for p in points) / len(points),
                             sum(p[1] for p in points) / len(points)))
    rows = list(published.order_by("pk").values_list("name", "name_en", "lat", "lon", "kind")[:FACILITY_INDEX_LIMIT + 1])
    if len(rows) <= FACILITY_INDEX_LIMIT:
        places.extend(_place("facility", n, en, lat, lon, kind) for n, en, lat, lon, kind in rows)
    return places


def index() -> tuple[list[Place], bool]:
    """The cached index and whether it holds every published facility."""
    found = cache.get(CACHE_KEY)
    if found is None:
        places = build()
        complete = Facility.objects.published().count() <= FACILITY_INDEX_LIMIT
        found = (places, complete)
        cache.set(CACHE_KEY, found, CACHE_SECONDS)
    return found


def _score(place: Place, query: str) -> int | None:
    best = None
    fields = ((normalise(place.name), 0), (normalise(place.name_en), 0), (place.pinyin, 0), (place.initials, 1))
    for value, penalty in fields:
        if not value:
            continue
        if value == query:
            score = 0
        elif value.startswith(query):
            score = 2
        elif query in value and (penalty == 0 or len(query) >= 3):
            score = 4
        else:
            continue
        score += penalty
        best = score if best is None else min(best, score)
    return best


def search(text: str, limit: int = 8) -> list[Place]:
    """Best matches first: exact, then prefix, then anywhere in the name; communities before
    sub-districts, facilities and roads; shorter names first."""
    query = normalise(text)
    if not query:
        return []
    places, complete = index()
    scored = []
    for place in places:
        score = _score(place, query)
        if score is not None:
            scored.append((score, KIND_ORDER[place.kind], len(place.name), place.name, place))
    if not complete and len(text.strip()) >= 2:
        term = text.strip()
        for n, en, lat, lon, kind in (Facility.objects.published().filter(Q(name__icontains=term) | Q(name_en__icontains=term))
                                      .order_by("pk").values_list("name", "name_en", "lat", "lon", "kind")[:limit]):
            place = _place("facility", n, en, lat, lon, kind)
            scored.append((_score(place, query) or 4, KIND_ORDER["facility"], len(n), n, place))
    scored.sort(key=lambda item: item[:4])
    seen, out = set(), []
    for *_key, place in scored:
        if (place.kind, place.name) in seen:
            continue
        seen.add((place.kind, place.name))
        out.append(place)
        if len(out) == limit:
            break
    return out
