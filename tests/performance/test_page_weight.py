"""Light pages (issue 9): the gzip-compressed HTML of every public page plus the CSS and
JavaScript it references, read from the static files, is at most 150 KB, and at most 350 KB on
the pages with a map (Leaflet). Measured with a full page of rows (the query-count data)."""

import gzip
import re

import pytest
from django.contrib.staticfiles import finders
from django.test import Client

from tests.otp import staff_login
from tests.performance.test_query_counts import TABLE

KB = 1024
PAGE_LIMIT = 150 * KB
MAP_PAGE_LIMIT = 350 * KB

PAGES = [route for route, (url, _max, _signed) in TABLE.items()
         if not route.startswith(("api/", "^open311/")) and not re.search(r"\.(csv|json|geojson)$", route)]

# Stylesheets and scripts, and Leaflet, which the map loads when it comes into view (issue 19)
ASSET = re.compile(r'(?:<(?:link[^>]*rel="stylesheet"[^>]*href|script[^>]*src)|data-leaflet-(?:js|css))="(/static/[^"?#]+)"')


def gzipped(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=6))


def asset_bytes(url: str) -> bytes:
    path = finders.find(url.removeprefix("/static/"))
    assert path, f"{url} is referenced but not a static file"
    with open(path, "rb") as handle:
        return handle.read()


def page_weight(html: str) -> tuple[int, list[str]]:
    assets = sorted(set(ASSET.findall(html)))
    return gzipped(html.encode()) + sum(gzipped(asset_bytes(url)) for url in assets), assets


def test_the_asset_pattern_finds_stylesheets_and_scripts():
    html = ('<link rel="stylesheet" href="/static/css/portal.css"><script src="/static/js/portal.js" defer>'
            '</script><a href="/static/nothing.css">')
    assert ASSET.findall(html) == ["/static/css/portal.css", "/static/js/portal.js"]


@pytest.mark.parametrize("route", PAGES)
def test_page_weight(route, portal_data, portal_user):
    url, _max, signed_in = TABLE[route]
    client = Client()
    if signed_in:
        staff_login(client, portal_user)
    response = client.get(url.format(**portal_data))
    assert response.status_code == 200
    html = response.content.decode()
    weight, assets = page_weight(html)
    is_map_page = "data-map" in html
    limit = MAP_PAGE_LIMIT if is_map_page else PAGE_LIMIT
    assert "/static/css/portal.css" in assets
    assert weight <= limit, f"{url}: {weight / KB:.0f} KB compressed (limit {limit // KB} KB): {assets}"


def test_map_pages_are_recognised(portal_data, client):
    html = client.get("/canteens/").content.decode()
    assert "data-map" in html
    weight, assets = page_weight(html)
    assert any("leaflet" in a for a in assets)
    assert weight > 40 * KB  # Leaflet alone is about 40 KB compressed: the assets are counted


def test_production_serves_hashed_compressed_static_files():
    """With debug off (and no DJANGO_STATIC_MANIFEST override), collectstatic writes hashed,
    pre-compressed files that WhiteNoise serves with a cache-forever header."""
    import os
    import subprocess
    import sys
    from pathlib import Path

    env = {k: v for k, v in os.environ.items() if k not in ("DJANGO_STATIC_MANIFEST", "DJANGO_DEBUG")}
    env.update(DJANGO_SECRET_KEY="x" * 50, PERSONAL_DATA_KEY="y" * 32, PYTHONPATH=str(Path(__file__).parents[2]))
    code = ("import portal.settings as s; print(s.STORAGES['staticfiles']['BACKEND']); "
            "print(s.WHITENOISE_USE_FINDERS, s.WHITENOISE_AUTOREFRESH)")
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True).stdout
    assert out.split() == ["whitenoise.storage.CompressedManifestStaticFilesStorage", "False", "False"]
