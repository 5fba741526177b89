"""The pages and API through the portal's own URLconf (the other tests use a small one)."""

import pytest

from apps.coverage.services import coverage_recompute

pytestmark = pytest.mark.django_db


def test_portal_serves_the_coverage_page_and_api(client, api_client, district, canteen_near_first):
    coverage_recompute()
    assert client.get("/coverage/", {"kind": "park"}).status_code == 200
    assert api_client.get("/api/v1/coverage/", {"kind": "canteen"}).json()["summary"]["served"] == 2
    assert api_client.get("/api/v1/communities/").json()["count"] == 6
    assert client.get("/coverage/coverage.csv", {"kind": "park"}).status_code == 200


def test_schema_documents_the_coverage_api(api_client):
    schema = api_client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
    assert {"/api/v1/coverage/", "/api/v1/communities/", "/api/v1/coverage/geojson/"} <= set(schema["paths"])
