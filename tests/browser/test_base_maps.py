"""Base-map providers in a real browser, without reaching any tile server (issue 19, maps for
China). Every MAP_PROVIDER is configured in turn; Playwright answers the tile requests with a
small PNG and records them, so the test sees exactly what a deployment would ask for:

- the hosts (and subdomains) of the provider, Tianditu's key on every request, its annotation
  layer in the page's language, and z/x/y in the right places of the template: the tile under
  the facility is among those asked for, at the zoom the map shows;
- the markers where the provider draws them: WGS-84 converted to GCJ-02 for AMap and to BD-09
  for Baidu (the page's Leaflet markers against ``apps/places/crs.py``), and Baidu's tiles on
  its own grid (BD-09 on Baidu's Mercator, rows numbered northwards);
- with ``none`` (the default) no request leaves the portal.

What this cannot tell: whether a real key is accepted, and whether the provider's tiles line up
with the converted markers (that needs the real tiles: README, "Base maps")."""

from __future__ import annotations

import copy
import math
import re
from urllib.parse import parse_qs, urlsplit

import pytest

from apps.core import basemap
from apps.places import crs
from tests.browser import data
from tests.browser.test_public_pages import url_of

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

KEY = "tk-test-0123456789abcdef"
CUSTOM = "https://{s}.tiles.example.gov.cn/base/{z}/{x}/{y}.png"
MAP_START = (30.58, 114.24)  # where map.js opens a map before it draws the places (WGS-84)

# Leaflet's maps, as map.js makes them (it keeps none in reach): L.Map's init hook, set the
# moment Leaflet's script assigns window.L.
CATCH_MAPS = """
window.__maps = [];
(function () {
  var real;
  Object.defineProperty(window, "L", { configurable: true, get: function () { return real; }, set: function (value) {
    real = value;
    if (value && value.Map && !value.__caught) {
      value.__caught = true;
      value.Map.addInitHook(function () { window.__maps.push(this); });
    }
  } });
})();
"""

# Per map: zoom, centre, markers (and the searched point's circle marker) in display coordinates.
MAP_STATE = """() => window.__maps.map(map => {
  const markers = [], circles = [];
  map.eachLayer(layer => {
    if (layer instanceof L.Marker) { const p = layer.getLatLng(); markers.push([p.lat, p.lng]); }
    else if (layer instanceof L.CircleMarker && !(layer instanceof L.Circle)) { const p = layer.getLatLng(); circles.push([p.lat, p.lng]); }
  });
  const size = map.getSize();
  return { zoom: map.getZoom(), markers: markers, circles: circles, crs: map.options.crs.code || "",
           width: size.x, height: size.y };
})"""

PNG = bytes.fromhex(  # a 1x1 transparent PNG
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000001e221bc330000000049454e44ae426082"
)


def pixel_of(system: str, lat: float, lon: float, z: int) -> tuple[float, float]:
    """Leaflet's pixel coordinates of a point given in the tiles' system, at zoom ``z``: the
    standard spherical Mercator (rows southwards) for WGS-84 and GCJ-02 tiles; for Baidu its
    ellipsoidal Mercator (R 6378206, as map.js's CRS), origin 0,0, 2^(z-18) px per metre."""
    if system != "bd09":
        size = 256 * 2 ** z
        return ((lon + 180.0) / 360.0 * size,
                (1.0 - math.asinh(math.tan(math.radians(lat))) / math.pi) / 2.0 * size)
    r, r_minor = 6378206.0, 6356584.314245179
    e = math.sqrt(1 - (r_minor / r) ** 2)
    phi = math.radians(lat)
    con = e * math.sin(phi)
    ts = math.tan(math.pi / 4 - phi / 2) / ((1 - con) / (1 + con)) ** (e / 2)
    scale = 2.0 ** (z - 18)
    return math.radians(lon) * r * scale, r * math.log(ts) * scale


def tiles_shown(system: str, lat: float, lon: float, z: int, width: int, height: int) -> set[tuple[int, int]]:
    """The tiles (x, y as in the provider's URLs) of a width x height map centred on the point,
    as Leaflet's GridLayer picks them; Baidu numbers rows northwards (y = -row - 1)."""
    px, py = (math.floor(v) for v in pixel_of(system, lat, lon, z))
    x0, y0 = math.floor((px - width / 2) / 256), math.floor((py - height / 2) / 256)
    x1, y1 = math.ceil((px + width / 2) / 256) - 1, math.ceil((py + height / 2) / 256) - 1
    return {(x, -y - 1 if system == "bd09" else y) for x in range(x0, x1 + 1) for y in range(y0, y1 + 1)}


# provider, language, settings, system of the tiles, hosts asked (regex), subdomains
PROVIDERS = {
    "tianditu": ("zh", {"MAP_PROVIDER": "tianditu", "TIANDITU_KEY": KEY}, "wgs84", r"t([0-7])\.tianditu\.gov\.cn", 8),
    "tianditu-en": ("en", {"MAP_PROVIDER": "tianditu", "TIANDITU_KEY": KEY}, "wgs84", r"t([0-7])\.tianditu\.gov\.cn", 8),
    "amap": ("zh", {"MAP_PROVIDER": "amap"}, "gcj02", r"webrd0([1-4])\.is\.autonavi\.com", 4),
    "amap-en": ("en", {"MAP_PROVIDER": "amap"}, "gcj02", r"webrd0([1-4])\.is\.autonavi\.com", 4),
    "baidu": ("zh", {"MAP_PROVIDER": "baidu"}, "bd09", r"maponline([0-3])\.bdimg\.com", 4),
    "osm": ("zh", {"MAP_PROVIDER": "osm"}, "wgs84", r"tile\.openstreetmap\.org()", 1),
    "custom": ("zh", {"MAP_PROVIDER": "custom", "MAP_TILE_URL": CUSTOM, "MAP_TILE_SUBDOMAINS": "ab"},
               "wgs84", r"([ab])\.tiles\.example\.gov\.cn", 2),
    "custom-gcj02": ("zh", {"MAP_PROVIDER": "custom", "MAP_TILE_URL": CUSTOM, "MAP_TILE_CRS": "gcj02"},
                     "gcj02", r"([abc])\.tiles\.example\.gov\.cn", 3),  # Leaflet's own subdomains
}


def tile_of(name: str, url: str) -> dict:
    """What one tile request asks for: layer, z, x, y, and the key (Tianditu)."""
    parts = urlsplit(url)
    query = {k: v[0] for k, v in parse_qs(parts.query).items()}
    if name.startswith("tianditu"):
        layer = re.fullmatch(r"/(\w+)_w/wmts", parts.path).group(1)
        assert query["LAYER"] == layer and query["TILEMATRIXSET"] == "w" and query["REQUEST"] == "GetTile", url
        return {"layer": layer, "z": int(query["TILEMATRIX"]), "x": int(query["TILECOL"]),
                "y": int(query["TILEROW"]), "key": query.get("tk")}
    if name.startswith("amap"):
        assert parts.path == "/appmaptile" and query["style"] == "8", url
        return {"layer": query["lang"], "z": int(query["z"]), "x": int(query["x"]), "y": int(query["y"])}
    if name == "baidu":
        assert parts.path == "/tile/" and query["qt"] == "vtile", url
        return {"layer": "vtile", "z": int(query["z"]), "x": int(query["x"]), "y": int(query["y"])}
    z, x, y = re.fullmatch(r"(?:/base)?/(\d+)/(\d+)/(\d+)\.png", parts.path).groups()
    return {"layer": "base", "z": int(z), "x": int(x), "y": int(y)}


def configure(settings, overrides: dict) -> None:
    """The provider's settings, and the CSP's img-src as portal/settings.py derives it from them."""
    for name, value in overrides.items():
        setattr(settings, name, value)
    origins = sorted({
        origin for language in ("zh-hans", "en")
        for origin in basemap.origins(basemap.base_map(
            provider=settings.MAP_PROVIDER, tile_url=settings.MAP_TILE_URL, tile_crs=settings.MAP_TILE_CRS,
            subdomains=settings.MAP_TILE_SUBDOMAINS, tianditu_key=settings.TIANDITU_KEY, language=language))
    })
    policy = copy.deepcopy(settings.CONTENT_SECURITY_POLICY)
    policy["DIRECTIVES"]["img-src"] = ["'self'", "data:", *origins]
    settings.CONTENT_SECURITY_POLICY = policy


def open_map(ctx, path: str, tiles: list[str], host: str | None):
    """``path`` with its map drawn; tile requests to ``host`` answered with PNG and recorded
    (any other request leaving the portal is aborted and fails the test: conftest)."""
    page = ctx.new_page()
    page.add_init_script(CATCH_MAPS)
    if host:
        def answer(route):
            tiles.append(route.request.url)
            route.fulfill(status=200, content_type="image/png", body=PNG)

        page.route(re.compile(rf"^https://{host}/"), answer)
    page.goto(path)
    page.locator("[data-map]").first.scroll_into_view_if_needed()
    # (selectors, not wait_for_function: the CSP forbids the eval it polls with)
    page.locator(".leaflet-marker-icon").first.wait_for()
    if host:
        page.locator(".leaflet-tile-loaded").first.wait_for()
    page.wait_for_load_state("networkidle")
    return page


@pytest.fixture
def world():
    return data.world("canteens")


@pytest.mark.parametrize("name", list(PROVIDERS))
def test_each_provider_gets_its_tiles_and_the_markers_its_coordinates(open_context, settings, world, name):
    lang, overrides, system, host, subdomains = PROVIDERS[name]
    configure(settings, overrides)
    canteen = world.canteens["open"]
    tiles: list[str] = []
    page = open_map(open_context(lang=lang, viewport="desktop"), url_of(canteen), tiles, host)

    # the markers: the canteen, converted to the provider's system (the same figures as crs.py)
    (state,) = page.evaluate(MAP_STATE)
    expected = crs.from_wgs84(system, canteen.lat, canteen.lon)
    assert state["markers"] == [pytest.approx(list(expected), abs=1e-9)]
    if system != "wgs84":
        shift_m = math.dist(expected, (canteen.lat, canteen.lon)) * 111_000
        assert shift_m > 100  # in Wuhan the systems are hundreds of metres apart: a real check
    assert state["crs"] == ("baidu" if system == "bd09" else "EPSG:3857")

    # the tiles: the provider's hosts, every subdomain in turn, at the map's zoom, around the marker
    asked = [tile_of(name, url) for url in tiles]
    assert asked, "no tile was requested"
    hosts = {re.fullmatch(host, urlsplit(url).hostname).group(1) for url in tiles}
    assert len(hosts) >= min(subdomains, 2), hosts  # tiles side by side come from different subdomains
    assert {t["z"] for t in asked} == {state["zoom"]} == {16}
    # exactly the tiles around the marker (and, first, around map.js's starting view, which
    # the map leaves as soon as the marker is drawn), for the base and the annotation layer
    around = tiles_shown(system, *expected, 16, state["width"], state["height"])
    start = tiles_shown(system, *crs.from_wgs84(system, *MAP_START), 16, state["width"], state["height"])
    layers = {t["layer"] for t in asked}
    for layer in layers:
        got = {(t["x"], t["y"]) for t in asked if t["layer"] == layer}
        assert around <= got, (layer, sorted(around - got))
        assert got <= around | start, (layer, sorted(got - around - start))
    if name.startswith("tianditu"):
        assert layers == {"vec", "eva" if lang == "en" else "cva"}
        assert {t["key"] for t in asked} == {KEY}
    if name.startswith("amap"):
        assert layers == {"en" if lang == "en" else "zh_cn"}


@pytest.mark.parametrize("name", ["amap", "baidu"])
def test_the_searched_point_and_the_places_near_it_are_converted_together(open_context, settings, world, name):
    lang, overrides, system, host, _subdomains = PROVIDERS[name]
    configure(settings, overrides)
    tiles: list[str] = []
    lat, lon = data.HOME
    page = open_map(open_context(lang=lang, viewport="desktop"), f"/nearby/?lat={lat}&lon={lon}&radius=1000", tiles, host)
    (state,) = page.evaluate(MAP_STATE)
    assert state["circles"] == [pytest.approx(list(crs.from_wgs84(system, lat, lon)), abs=1e-6)]
    near = [c for c in world.canteens.values() if c.name != "远方幸福食堂"]
    expected = sorted(list(crs.from_wgs84(system, c.lat, c.lon)) for c in near)
    assert sorted(state["markers"]) == [pytest.approx(p, abs=1e-9) for p in expected]
    assert tiles


def test_with_no_provider_nothing_leaves_the_portal(open_context, settings, world, live_server):
    configure(settings, {"MAP_PROVIDER": "none"})
    ctx = open_context(lang="zh", viewport="desktop")
    requests: list[str] = []
    ctx.context.on("request", lambda request: requests.append(request.url))
    page = open_map(ctx, url_of(world.canteens["open"]), [], None)
    (state,) = page.evaluate(MAP_STATE)
    canteen = world.canteens["open"]
    assert state["markers"] == [pytest.approx([canteen.lat, canteen.lon], abs=1e-9)]
    assert page.locator(".leaflet-tile").count() == 0
    assert "底图未开启" in page.locator(".map-alternative").inner_text()
    origin = live_server.url.rstrip("/")
    assert requests and all(url.startswith(origin) or url.startswith("data:") for url in requests), requests
    # (conftest also fails the test on any request to another host)
