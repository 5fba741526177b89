"""Every registered kind takes part in nearby search (the kinds added as apps, elder care and
health among them): the search over each kind alone and over the new kinds together equals the
brute force of tests/reference.py, and the API links each hit to its kind's page."""

import pytest

from apps.places.registry import registered_kinds

from .conftest import CENTRE
from .test_nearby import PATHS, _check


@pytest.mark.parametrize("path", PATHS)
@pytest.mark.parametrize("kinds", [[kind] for kind in registered_kinds()] + [["eldercare", "health"], None],
                         ids=lambda k: ",".join(k) if k else "all")
def test_each_kind_matches_brute_force(facilities, path, kinds):
    assert {"eldercare", "health"} <= {f.kind for f in facilities}
    for radius, limit in ((300, 5), (2000, 20), (8000, 100)):
        got = _check(CENTRE[0], CENTRE[1], radius, kinds, limit, path)
        if kinds:
            assert {h.kind for h in got} <= set(kinds)


def test_api_results_link_to_the_new_kinds_pages(db, api_client):
    from tests.eldercare.factories import ElderCareSiteFactory
    from tests.health.factories import HealthInstitutionFactory

    site = ElderCareSiteFactory(lat=30.58, lon=114.25)
    clinic = HealthInstitutionFactory(lat=30.5801, lon=114.25)
    body = api_client.get("/api/v1/nearby/", {"lat": 30.58, "lon": 114.25, "kind": "eldercare,health"}).json()
    assert [(r["kind"], r["id"], r["url"]) for r in body["results"]] == [
        ("eldercare", site.pk, f"/eldercare/{site.pk}/"), ("health", clinic.pk, f"/health/{clinic.pk}/")]
