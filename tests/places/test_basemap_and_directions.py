"""Base maps by settings and directions on every facility (issue 19, maps for China)."""

import re
from html import unescape
from urllib.parse import parse_qs, urlsplit

import pytest
from django.test import override_settings

from apps.core import basemap
from apps.places import crs
from apps.places.directions import DETOUR_FACTOR, WALK_M_PER_MIN, links, walk_estimate
from apps.places.geo import haversine_m
from tests.canteens.factories import full_canteen
from tests.charging.factories import station_with_piles
from tests.parks.factories import park_with

POINT = (30.5790, 114.2530)


class TestBaseMap:
    def test_a_fresh_install_has_no_base_map(self):
        assert basemap.base_map() == basemap.BaseMap("none")
        assert basemap.origins(basemap.base_map()) == []

    def test_tianditu_needs_its_key_and_labels_follow_the_language(self):
        assert basemap.base_map(provider="tianditu").provider == "none"
        zh = basemap.base_map(provider="tianditu", tianditu_key="k123")
        en = basemap.base_map(provider="tianditu", tianditu_key="k123", language="en")
        assert zh.crs == "wgs84" and "tk=k123" in zh.url and "LAYER=vec" in zh.url
        assert "LAYER=cva" in zh.overlay_url and "LAYER=eva" in en.overlay_url
        assert basemap.origins(zh) == ["https://*.tianditu.gov.cn"]

    @pytest.mark.parametrize(("provider", "system", "origin"), [
        ("amap", "gcj02", "https://*.is.autonavi.com"),
        ("baidu", "bd09", "https://*.bdimg.com"),
        ("osm", "wgs84", "https://tile.openstreetmap.org"),
    ])
    def test_each_provider_draws_in_its_own_system(self, provider, system, origin):
        found = basemap.base_map(provider=provider)
        assert found.crs == system and found.url and found.attribution
        assert basemap.origins(found) == [origin]

    def test_a_tile_url_alone_is_a_custom_wgs84_map_as_before(self):
        found = basemap.base_map(tile_url="https://tiles.example.org/{z}/{x}/{y}.png")
        assert (found.provider, found.crs) == ("custom", "wgs84")
        proxied = basemap.base_map(provider="amap", tile_url="https://proxy.example.org/amap/{z}/{x}/{y}")
        assert (proxied.crs, proxied.url) == ("gcj02", "https://proxy.example.org/amap/{z}/{x}/{y}")

    def test_pages_say_the_base_map_is_off_and_ask_no_outside_host(self, client, db):
        canteen = full_canteen()
        text = client.get(f"/canteens/{canteen.pk}/").content.decode()
        assert "底图未开启" in text
        assert 'data-tile-url=""' in text
        csp = client.get("/").headers["Content-Security-Policy"]
        img_src = re.search(r"img-src ([^;]*)", csp).group(1)
        assert img_src.split() == ["'self'", "data:"]

    @override_settings(MAP_PROVIDER="amap")
    def test_a_configured_provider_reaches_the_map(self, client, db):
        canteen = full_canteen()
        text = client.get(f"/canteens/{canteen.pk}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
        tag = re.search(r"<div [^>]*data-map[^>]*>", text).group(0)
        assert 'data-crs="gcj02"' in tag and "lang=en" in unescape(tag) and 'data-tile-subdomains="1234"' in tag
        assert "The base map is off" not in text


class TestDirections:
    def test_each_provider_gets_its_own_coordinates(self):
        found = {link.key: link.url for link in links(lat=POINT[0], lon=POINT[1], name="古田公园")}
        amap = parse_qs(urlsplit(found["amap"]).query)
        g_lon, g_lat = map(float, amap["position"][0].split(","))
        assert (g_lat, g_lon) == pytest.approx(crs.from_wgs84("gcj02", *POINT), abs=1e-6)
        assert amap["coordinate"] == ["gaode"] and amap["name"] == ["古田公园"]
        baidu = parse_qs(urlsplit(found["baidu"]).query)
        b_lat, b_lon = map(float, baidu["location"][0].split(","))
        assert (b_lat, b_lon) == pytest.approx(crs.from_wgs84("bd09", *POINT), abs=1e-6)
        assert baidu["coord_type"] == ["bd09ll"]
        apple = parse_qs(urlsplit(found["apple"]).query)
        assert tuple(map(float, apple["ll"][0].split(","))) == pytest.approx(POINT, abs=1e-6)
        assert found["geo"].startswith("geo:30.579000,114.253000?q=")
        # the shifts are real: GCJ-02 and BD-09 differ from WGS-84 by hundreds of metres here
        assert haversine_m(*POINT, g_lat, g_lon) > 200 and haversine_m(*POINT, b_lat, b_lon) > 600

    def test_walking_estimate(self):
        walk = walk_estimate(1000)
        assert walk.route_m == 1300 and walk.minutes == -(-1000 * DETOUR_FACTOR // WALK_M_PER_MIN)
        assert walk_estimate(0).minutes == 1

    @pytest.mark.parametrize("make", [full_canteen, station_with_piles, lambda: park_with()])
    @pytest.mark.parametrize("lang", ["zh-hans", "en"])
    def test_every_facility_page_has_directions(self, client, db, make, lang):
        from apps.places import registry

        facility = make()
        text = client.get(registry.detail_url(facility.kind, facility.pk), HTTP_ACCEPT_LANGUAGE=lang).content.decode()
        section = re.search(r'<section aria-labelledby="directions-heading".*?</section>', text, re.S).group(0)
        for host in ("uri.amap.com", "api.map.baidu.com", "maps.apple.com", "geo:"):
            assert host in section
        walk = walk_estimate(haversine_m(facility.community.lat, facility.community.lon, facility.lat, facility.lon))
        assert f"{walk.route_m}" in section and f"{walk.minutes}" in section
        assert ("到达路线" in section) == (lang == "zh-hans")

    def test_nearby_rows_give_minutes_on_foot(self, client, db):
        canteen = full_canteen()
        text = client.get(f"/nearby/?lat={canteen.lat + 0.005}&lon={canteen.lon}&radius=2000").content.decode()
        minutes = walk_estimate(haversine_m(canteen.lat + 0.005, canteen.lon, canteen.lat, canteen.lon)).minutes
        assert f"步行约 {minutes} 分钟" in text
