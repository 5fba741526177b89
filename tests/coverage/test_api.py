import pytest
from django.utils import timezone

from apps.coverage.models import ServiceStandard
from apps.coverage.services import coverage_recompute, standard_save
from tests.factories import CommunityFactory, FacilityFactory

from .conftest import KM_LAT, LON0

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.coverage.urls")]


def test_coverage_shape_exactly_as_contract(api_client, district, canteen_near_first):
    coverage_recompute()
    response = api_client.get("/api/v1/coverage/", {"kind": "canteen"})
    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"kind", "reach_m", "summary", "results"}
    assert body["kind"] == "canteen" and body["reach_m"] == 1000
    assert set(body["summary"]) == {"communities", "served", "percent", "population_percent"}
    # community 0 at 300 m, community 1 at 700 m: served; the rest beyond 1 km
    assert body["summary"] == {"communities": 6, "served": 2, "percent": 33.3,
                               "population_percent": round(100 * 3000 / 21000, 1)}
    results = {r["community"]: r for r in body["results"]}
    c = district["communities"]
    assert set(results) == {x.pk for x in c}
    assert set(results[c[0].pk]) == {"community", "nearest", "served"}
    assert results[c[0].pk]["nearest"]["id"] == canteen_near_first.pk
    assert results[c[0].pk]["nearest"]["distance_m"] == pytest.approx(300, abs=1)
    assert results[c[1].pk]["served"] is True
    assert results[c[2].pk]["served"] is False
    assert results[c[2].pk]["nearest"]["distance_m"] == pytest.approx(1700, abs=1)


def test_no_facility_gives_null_nearest(api_client, district):
    body = api_client.get("/api/v1/coverage/", {"kind": "park"}).json()
    assert all(r["nearest"] is None and r["served"] is False for r in body["results"])
    assert body["summary"]["percent"] == 0.0


def test_results_missing_are_computed_on_read(api_client, district, canteen_near_first):
    """A community added since the last run is computed, not shown as unserved."""
    body = api_client.get("/api/v1/coverage/", {"kind": "canteen"}).json()
    assert body["summary"]["served"] == 2


def test_street_filter(api_client, district, canteen_near_first):
    coverage_recompute()
    east, west = district["streets"]
    body = api_client.get("/api/v1/coverage/", {"kind": "canteen", "street": west.pk}).json()
    assert {r["community"] for r in body["results"]} == {c.pk for c in district["communities"][3:]}
    assert body["summary"]["served"] == 0
    by_code = api_client.get("/api/v1/coverage/", {"kind": "canteen", "street": east.code}).json()
    assert by_code["summary"]["served"] == 2 and by_code["summary"]["communities"] == 3


@pytest.mark.parametrize("params, field", [
    ({}, "kind"),
    ({"kind": ""}, "kind"),
    ({"kind": "hospital"}, "kind"),
    ({"kind": "park", "street": "nowhere"}, "street"),
    ({"kind": "park", "street": "999999"}, "street"),
])
def test_validation_names_the_parameter(api_client, district, params, field):
    response = api_client.get("/api/v1/coverage/", params)
    assert response.status_code == 400
    assert list(response.json()) == [field]


def test_messages_in_both_languages(api_client, district):
    zh = api_client.get("/api/v1/coverage/", {"kind": "x"}).json()["kind"][0]
    en = api_client.get("/api/v1/coverage/", {"kind": "x"}, HTTP_ACCEPT_LANGUAGE="en").json()["kind"][0]
    assert en.startswith("Unknown kind")
    assert zh != en and any("\u4e00" <= ch <= "\u9fff" for ch in zh)


def test_reach_follows_the_standard_in_force(api_client, district, canteen_near_first):
    coverage_recompute()
    standard_save(standard=ServiceStandard(kind="canteen", reach_m=500, applies_from=timezone.localdate().year))
    body = api_client.get("/api/v1/coverage/", {"kind": "canteen"}).json()
    assert body["reach_m"] == 500 and body["summary"]["served"] == 1


def test_query_count_constant(api_client, district, canteen_near_first, django_assert_max_num_queries):
    coverage_recompute()
    with django_assert_max_num_queries(6):
        api_client.get("/api/v1/coverage/", {"kind": "canteen"})
    for i in range(20):
        CommunityFactory(sub_district=district["streets"][0], lat=30.6 + i * KM_LAT, lon=LON0)
        FacilityFactory(kind="canteen", community=district["communities"][0], lat=30.6 + i * KM_LAT, lon=LON0)
    coverage_recompute()
    with django_assert_max_num_queries(6):
        body = api_client.get("/api/v1/coverage/", {"kind": "canteen"}).json()
    assert body["summary"]["communities"] == 26


def test_communities_list(api_client, district, django_assert_max_num_queries):
    with django_assert_max_num_queries(4):
        response = api_client.get("/api/v1/communities/", {"page_size": 100})
    body = response.json()
    assert set(body) == {"count", "next", "previous", "results"}
    assert body["count"] == 6
    item = body["results"][0]
    assert {"id", "name", "street", "lat", "lon", "population"} <= set(item)
    c0 = district["communities"][0]
    assert item == {**item, "id": c0.pk, "name": "社区0", "street": c0.sub_district_id,
                    "lat": c0.lat, "lon": c0.lon, "population": 1000}
    west = district["streets"][1]
    filtered = api_client.get("/api/v1/communities/", {"street": west.pk}).json()
    assert filtered["count"] == 3 and all(r["street"] == west.pk for r in filtered["results"])
    en = api_client.get("/api/v1/communities/", HTTP_ACCEPT_LANGUAGE="en").json()
    assert en["results"][0]["name"] == "Community 0"
    assert api_client.get("/api/v1/communities/", {"street": "zz"}).status_code == 400


def test_geojson(api_client, district, canteen_near_first):
    coverage_recompute()
    c0 = district["communities"][0]
    # a boundary is drawn as given; a community without one as its point
    c0.boundary = {"type": "Polygon", "coordinates": [[[114.24, 30.57], [114.26, 30.57], [114.26, 30.59], [114.24, 30.57]]]}
    c0.save()
    body = api_client.get("/api/v1/coverage/geojson/", {"kind": "canteen"}).json()
    assert body["type"] == "FeatureCollection" and len(body["features"]) == 6
    first = body["features"][0]
    assert first["geometry"]["type"] == "Polygon"
    assert first["properties"]["served"] is True
    assert body["features"][5]["geometry"] == {"type": "Point", "coordinates": [LON0, district["communities"][5].lat]}
    assert api_client.get("/api/v1/coverage/geojson/").status_code == 400


def test_in_openapi_schema(api_client):
    schema = api_client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
    coverage = schema["paths"]["/api/v1/coverage/"]["get"]
    names = {p["name"]: p for p in coverage["parameters"]}
    assert names["kind"]["required"] is True and "street" in names
    assert "/api/v1/communities/" in schema["paths"]
