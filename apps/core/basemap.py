"""The base map under the portal's maps (issue 19): which tile provider, chosen by settings.

Pure Python (no Django import), so ``portal/settings.py`` reads it for the CSP too.

``MAP_PROVIDER``   ``none`` (the default: no base map, no request leaves the portal; pages say
                   the base map is off), ``tianditu`` (天地图, the national service government
                   sites use; WGS-84/CGCS2000; needs ``TIANDITU_KEY``), ``amap`` (高德, GCJ-02),
                   ``baidu`` (百度, BD-09 and Baidu's own tile grid), ``osm`` (OpenStreetMap,
                   outside China) or ``custom`` (``MAP_TILE_URL`` with ``MAP_TILE_CRS``).
``MAP_TILE_URL``   overrides the provider's tile template (for instance a caching proxy);
                   set alone (no ``MAP_PROVIDER``) it means ``custom``, as before issue 19.
``MAP_TILE_CRS``   the coordinate system of a custom template: wgs84, gcj02 or bd09.
``MAP_TILE_ATTRIBUTION``, ``MAP_TILE_SUBDOMAINS`` override the provider's.

Points are stored in WGS-84; the map converts them to the provider's system when drawing
(apps/places/static/places/map.js, the same formulas as apps/places/crs.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

NONE, TIANDITU, AMAP, BAIDU, OSM, CUSTOM = "none", "tianditu", "amap", "baidu", "osm", "custom"
PROVIDERS = (NONE, TIANDITU, AMAP, BAIDU, OSM, CUSTOM)
CRS_CHOICES = ("wgs84", "gcj02", "bd09")

_TIANDITU = ("https://t{s}.tianditu.gov.cn/%s_w/wmts?SERVICE=WMTS&REQUEST=GetTile&VERSION=1.0.0"
             "&LAYER=%s&STYLE=default&TILEMATRIXSET=w&FORMAT=tiles&TILEMATRIX={z}&TILEROW={y}"
             "&TILECOL={x}&tk=%s")


@dataclass(frozen=True)
class BaseMap:
    provider: str
    url: str = ""             # Leaflet tile template; empty: no base map
    overlay_url: str = ""     # labels drawn over the base (Tianditu's annotation layer)
    attribution: str = ""
    crs: str = "wgs84"        # the system the tiles are drawn in
    subdomains: str = ""

    @property
    def enabled(self) -> bool:
        return bool(self.url)


def base_map(*, provider: str = "", tile_url: str = "", tile_crs: str = "wgs84", attribution: str = "",
             subdomains: str = "", tianditu_key: str = "", language: str = "zh-hans") -> BaseMap:
    """The base map for these settings, in the reader's language where the provider has one."""
    provider = (provider or (CUSTOM if tile_url else NONE)).strip().lower()
    english = language.lower().startswith("en")
    if provider == TIANDITU:
        if not tianditu_key:
            return BaseMap(NONE)
        labels = "eva" if english else "cva"  # the English or Chinese annotation layer
        found = BaseMap(TIANDITU, _TIANDITU % ("vec", "vec", tianditu_key),
                        _TIANDITU % (labels, labels, tianditu_key), "&copy; 天地图 Tianditu", "wgs84", "01234567")
    elif provider == AMAP:
        found = BaseMap(AMAP, "https://webrd0{s}.is.autonavi.com/appmaptile?lang=%s&size=1&scale=1&style=8"
                        "&x={x}&y={y}&z={z}" % ("en" if english else "zh_cn"), "",
                        "&copy; 高德地图 AutoNavi", "gcj02", "1234")
    elif provider == BAIDU:
        found = BaseMap(BAIDU, "https://maponline{s}.bdimg.com/tile/?qt=vtile&x={x}&y={y}&z={z}"
                        "&styles=pl&scaler=1&udt=20240101", "", "&copy; 百度地图 Baidu", "bd09", "0123")
    elif provider == OSM:
        found = BaseMap(OSM, "https://tile.openstreetmap.org/{z}/{x}/{y}.png", "",
                        "&copy; OpenStreetMap contributors", "wgs84", "")
    elif provider == CUSTOM and tile_url:
        found = BaseMap(CUSTOM, tile_url, "", "", tile_crs if tile_crs in CRS_CHOICES else "wgs84", "")
    else:
        return BaseMap(NONE)
    if tile_url and provider != CUSTOM:
        found = BaseMap(found.provider, tile_url, found.overlay_url, found.attribution, found.crs, found.subdomains)
    return BaseMap(found.provider, found.url, found.overlay_url, attribution or found.attribution, found.crs,
                   subdomains or found.subdomains)


def origins(base: BaseMap) -> list[str]:
    """The origins the browser fetches tiles from, for the CSP's img-src (``{s}`` becomes ``*``)."""
    found = []
    for url in (base.url, base.overlay_url):
        if not url:
            continue
        parts = urlsplit(url)
        host = ".".join("*" if "{" in label else label for label in parts.netloc.split("."))
        origin = f"{parts.scheme}://{host}"
        if origin not in found:
            found.append(origin)
    return found
