""""Has an accessible entrance or toilet nearby" on every kind's list: the same answer as a
brute-force scan written here without the code under test (its own feature codes, or a
published accessibility site offering one within 100 m, great-circle distance)."""

import math
import random

import pytest

from apps.places.models import Facility, FacilityStatus
from tests.canteens.factories import CanteenFactory
from tests.factories import CommunityFactory
from tests.parking.factories import CarParkFactory
from tests.parks.factories import ParkFactory

from .factories import SiteFactory

pytestmark = pytest.mark.django_db
OFFERING = {"step_free", "ramp", "accessible_toilet", "lift"}


def metres(lat1, lon1, lat2, lon2):
    p1, p2 = math.radians(lat1), math.radians(lat2)
    h = (math.sin((p2 - p1) / 2) ** 2
         + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2)
    return 2 * 6_371_008.8 * math.asin(math.sqrt(h))


def expected(kind: str) -> set[int]:
    sites = [f for f in Facility.objects.filter(kind="accessibility", status="published", deleted_at__isnull=True)
             if OFFERING & set(f.accessibility)]
    out = set()
    for f in Facility.objects.filter(kind=kind, status="published", deleted_at__isnull=True):
        if OFFERING & set(f.accessibility) or any(metres(f.lat, f.lon, s.lat, s.lon) <= 100 for s in sites):
            out.add(f.pk)
    return out


@pytest.fixture
def world():
    rng = random.Random(5)
    community = CommunityFactory()
    centre = (30.58, 114.25)

    def point():
        return {"lat": centre[0] + rng.uniform(-0.004, 0.004), "lon": centre[1] + rng.uniform(-0.004, 0.004),
                "community": community, "accessibility": rng.choice([[], [], ["hearing_loop"], ["step_free"]])}

    for _ in range(25):
        CanteenFactory(**point())
        ParkFactory(**point())
        CarParkFactory(**point())
    for _ in range(30):
        SiteFactory(**{**point(), "accessibility": []}, site_type=rng.choice(["ramp", "accessible_toilet",
                                                                             "tactile_paving", "lift"]),
                    condition=rng.choice(["good", "good", "out_of_service"]),
                    status=rng.choice([FacilityStatus.PUBLISHED] * 4 + [FacilityStatus.DRAFT]))


@pytest.mark.parametrize(("kind", "url"), [("canteen", "/api/v1/canteens/"), ("park", "/api/v1/parks/"),
                                           ("parking", "/api/v1/car-parks/")])
def test_list_filter_matches_brute_force(world, client, kind, url):
    def ids(value):
        return {r["id"] for r in client.get(url, {"accessible": value, "page_size": 100}).json()["results"]}

    want = expected(kind)
    assert 0 < len(want) < Facility.objects.filter(kind=kind).count()
    assert ids("1") == want
    assert ids("0") == set(Facility.objects.filter(kind=kind).values_list("pk", flat=True)) - want


def test_a_site_out_of_service_offers_nothing(client):
    canteen = CanteenFactory(lat=30.6, lon=114.2, accessibility=[])
    site = SiteFactory(lat=30.6005, lon=114.2, site_type="ramp")  # about 56 m away
    assert [r["id"] for r in client.get("/api/v1/canteens/?accessible=1").json()["results"]] == [canteen.pk]
    near = client.get("/api/v1/nearby/?lat=30.6&lon=114.2&kind=canteen&accessible=1").json()["results"]
    assert [r["id"] for r in near] == [canteen.pk]
    site.condition = "out_of_service"
    site.save()
    assert client.get("/api/v1/canteens/?accessible=1").json()["results"] == []
    assert client.get("/api/v1/nearby/?lat=30.6&lon=114.2&kind=canteen&accessible=1").json()["results"] == []


def test_the_list_page_has_the_filter(client):
    CanteenFactory()
    html = client.get("/canteens/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'name="accessible"' in html and "Accessible entrance or toilet nearby" in html
    assert client.get("/canteens/?accessible=maybe").status_code == 400
