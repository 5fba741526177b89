"""What Lighthouse checks on every public page (issue 19), asserted without a browser: icons at
the site's root, a meta description of its own per page in both languages, HTML compressed by
the app for anonymous visitors only (BREACH), maps that keep their box and load Leaflet
lazily, a print stylesheet, the admin branded as the district's back office.

The Lighthouse scores themselves come from ``bench/lighthouse.sh`` (README)."""

import gzip
import html
import re

import pytest
from django.conf import settings
from django.test import Client

from tests.performance.test_query_counts import TABLE

DESCRIPTION = re.compile(r'<meta name="description" content="([^"]*)">')
HTML_PAGES = [route for route, (url, _max, _signed) in TABLE.items()
              if not route.startswith(("api/", "^open311/")) and not re.search(r"\.(csv|json|geojson)$", route)]
# pages that say what they are in their own words (the others have the site's description)
OWN_DESCRIPTION = ["", "nearby/", "canteens/", "canteens/<int:pk>/", "charging/", "charging/<int:pk>/",
                   "parks/", "parks/<int:pk>/", "projects/", "projects/<int:pk>/", "coverage/",
                   "housing-swap/", "accounts/login/", "accounts/register/", "notices/"]


def page(client, route, portal_data, lang):
    url, _max, signed_in = TABLE[route]
    return client.get(url.format(**portal_data), HTTP_ACCEPT_LANGUAGE=lang)


@pytest.mark.parametrize("path", ["/favicon.ico", "/apple-touch-icon.png", "/apple-touch-icon-precomposed.png",
                                  "/robots.txt"])
def test_icons_and_robots_are_served_at_the_root(client, path):
    response = client.get(path)
    assert response.status_code == 200, path
    body = b"".join(response.streaming_content) if response.streaming else response.content
    assert body
    if path.endswith(".png"):
        assert body.startswith(b"\x89PNG")
    if path.endswith(".ico"):
        assert body[:4] == b"\x00\x00\x01\x00"


def test_robots_txt_does_not_hide_public_pages(client):
    response = client.get("/robots.txt")
    text = b"".join(response.streaming_content).decode()
    disallowed = [line.split(":", 1)[1].strip() for line in text.splitlines() if line.startswith("Disallow")]
    for path in ("/", "/nearby/", "/canteens/", "/projects/", "/housing-swap/"):
        assert not any(rule and path.startswith(rule) for rule in disallowed if rule != "/"), path
    assert "/" not in disallowed


@pytest.mark.parametrize("lang", ["zh-hans", "en"])
def test_every_page_has_a_meta_description_and_its_own_where_it_matters(portal_data, portal_user, lang):
    anonymous, signed_in = Client(), Client()
    signed_in.force_login(portal_user)
    descriptions = {}
    for route in HTML_PAGES:
        client = signed_in if TABLE[route][2] else anonymous
        response = page(client, route, portal_data, lang)
        assert response.status_code == 200, route
        found = DESCRIPTION.findall(response.content.decode())
        assert len(found) == 1, f"{route}: {len(found)} meta descriptions"
        text = html.unescape(found[0]).strip()
        assert 20 <= len(text) <= 160, f"{route}: {text!r}"
        assert "<" not in text
        descriptions[route] = text
    own = [descriptions[route] for route in OWN_DESCRIPTION]
    assert len(set(own)) == len(own), "pages with their own description share one"
    default = descriptions["accounts/password-reset/"]
    assert default not in own
    has_chinese = [bool(re.search(r"[\u4e00-\u9fff]", d)) for d in own]
    if lang == "en":
        assert not any(has_chinese[i] and "<int:pk>" not in OWN_DESCRIPTION[i] for i in range(len(own)))
    else:
        assert all(has_chinese)


def test_every_page_links_its_icons_and_the_print_stylesheet(client, db):
    text = client.get("/").content.decode()
    assert '<link rel="icon" href="/favicon.ico"' in text
    assert '<link rel="apple-touch-icon" href="/apple-touch-icon.png">' in text
    assert re.search(r'<link rel="stylesheet" href="/static/css/print[^"]*\.css" media="print">', text)


class TestCompression:
    def test_anonymous_pages_are_compressed(self, portal_data):
        response = Client().get("/", HTTP_ACCEPT_ENCODING="gzip, br")
        assert response.status_code == 200
        assert response["Content-Encoding"] == "gzip"
        assert "Accept-Encoding" in response["Vary"]
        assert b"<html" in gzip.decompress(response.content)

    def test_public_api_json_is_compressed(self, portal_data):
        response = Client().get("/api/v1/canteens/", HTTP_ACCEPT_ENCODING="gzip")
        assert response["Content-Encoding"] == "gzip"

    def test_pages_of_a_signed_in_person_are_not(self, portal_data, portal_user):
        client = Client()
        client.force_login(portal_user)
        for url in ("/", "/notices/", "/housing-swap/applications/"):
            response = client.get(url, HTTP_ACCEPT_ENCODING="gzip")
            assert response.status_code == 200, url
            assert not response.has_header("Content-Encoding"), url

    def test_token_api_calls_are_not(self, portal_data, portal_user):
        from tests.tokens import token_client

        api = token_client(portal_user)
        response = api.get("/api/v1/notices/", HTTP_ACCEPT_ENCODING="gzip")
        assert response.status_code == 200
        assert not response.has_header("Content-Encoding")

    def test_without_accept_encoding_nothing_changes(self, portal_data):
        response = Client().get("/")
        assert not response.has_header("Content-Encoding")
        assert b"<html" in response.content

    def test_the_middleware_sits_above_every_body_middleware(self):
        order = settings.MIDDLEWARE
        gzip_at = order.index("apps.core.compression.PublicGZipMiddleware")
        assert gzip_at == order.index("django.middleware.security.SecurityMiddleware") + 1
        assert "django.middleware.gzip.GZipMiddleware" not in order


def test_maps_keep_their_box_and_load_leaflet_when_seen(client, portal_data):
    text = client.get(f"/canteens/{portal_data['canteen']}/").content.decode()
    assert "data-map" in text
    tag = re.search(r"<div [^>]*data-map[^>]*>", text).group(0)
    assert " hidden" not in tag, "a map shown late moves the page below it"
    assert "<noscript><style>" in text  # without JavaScript the box is not drawn at all
    assert 'data-leaflet-js="/static/vendor/leaflet/leaflet' in tag
    assert not re.search(r'<script[^>]*src="/static/vendor/leaflet', text), "Leaflet is loaded on demand"


@pytest.mark.parametrize(("lang", "header", "title"), [
    ("zh-hans", "硚口区民生服务后台", "硚口区后台"),
    ("en", "Qiaokou District services back office", "Qiaokou back office"),
])
def test_the_admin_is_the_districts_back_office(client, db, lang, header, title):
    text = client.get("/admin/login/", HTTP_ACCEPT_LANGUAGE=lang).content.decode()
    assert header in text
    assert f"| {title}</title>" in text
    assert "Django" not in text.split("<body")[1]
