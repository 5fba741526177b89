""""Near me now": filtered nearby search equals a brute-force scan with an independently written
predicate (Python opening-hours rules, charge points read one by one), on every path; each
result carries its open-now state and live availability."""

import math
import random
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from apps.charging.models import ChargePoint, ChargePointStatus, status_max_age
from apps.parking.models import CarPark, free_spaces_max_age
from apps.places.hours import is_open_at
from apps.places.models import Facility, FacilityStatus, OpeningException, OpeningHours
from apps.places.nearby_filters import ACCESSIBLE_CODES, NearbyFilters, nearby_now
from tests.accessibility.factories import SiteFactory
from tests.charging.factories import ChargePointFactory, ConnectorFactory, StationFactory
from tests.factories import CommunityFactory, FacilityFactory
from tests.parking.factories import CarParkFactory
from tests.reference import nearby_brute_force

from .conftest import CENTRE
from .test_nearby import PATHS, _path

WHEN = datetime(2024, 6, 5, 12, 30, tzinfo=ZoneInfo("Asia/Shanghai"))  # a Wednesday
CONNECTORS = ["gbt_dc", "gbt_ac", "ccs2"]
KINDS = ["canteen", "park", "charging", "parking", "accessibility"]


def _hours(rng, facility):
    shape = rng.choice(["none", "day", "closed_today", "night", "always"])
    rows = []
    for weekday in range(7):
        if shape == "day" or (shape == "closed_today" and weekday != WHEN.weekday()):
            rows.append(OpeningHours(facility=facility, weekday=weekday, opens=time(8), closes=time(20)))
        elif shape == "night":
            rows.append(OpeningHours(facility=facility, weekday=weekday, opens=time(18), closes=time(2)))
        elif shape == "always":
            rows.append(OpeningHours(facility=facility, weekday=weekday, opens=time(0), closes=time(0)))
    OpeningHours.objects.bulk_create(rows)
    if shape == "day" and rng.random() < 0.2:
        OpeningException.objects.create(facility=facility, date=WHEN.date(), closed=True, note="holiday")


def _dataset(seed=11, n=240):
    rng = random.Random(seed)
    community = CommunityFactory()
    made = []
    for i in range(n):
        lat = CENTRE[0] + rng.uniform(-0.02, 0.02)
        lon = CENTRE[1] + rng.uniform(-0.02, 0.02)
        status = FacilityStatus.PUBLISHED if rng.random() < 0.9 else FacilityStatus.DRAFT
        features = sorted(rng.sample(["step_free", "accessible_toilet", "hearing_loop", "braille", "lift"],
                                     rng.randint(0, 2)))
        kind = rng.choice(KINDS)
        common = {"name": f"设施{i}", "lat": lat, "lon": lon, "community": community, "status": status,
                  "accessibility": features}
        if kind == "charging":
            facility = StationFactory(**common)
            for _ in range(rng.randint(0, 3)):
                age = rng.choice([timedelta(minutes=5), status_max_age() + timedelta(minutes=1), None])
                point = ChargePointFactory(
                    station=facility,
                    status=rng.choice([ChargePointStatus.AVAILABLE, ChargePointStatus.CHARGING,
                                       ChargePointStatus.OUT_OF_ORDER]),
                    status_reported_at=None if age is None else WHEN - age,
                )
                for number, standard in enumerate(rng.sample(CONNECTORS, rng.randint(1, 2)), start=1):
                    ConnectorFactory(charge_point=point, number=number, standard=standard)
        elif kind == "accessibility":  # its codes follow its type and condition
            facility = SiteFactory(**{**common, "accessibility": []},
                                   site_type=rng.choice(["ramp", "accessible_toilet", "tactile_paving", "lift"]),
                                   condition=rng.choice(["good", "out_of_service"]))
        elif kind == "parking":
            facility = CarParkFactory(**common, spaces_total=50)
            age = rng.choice([timedelta(minutes=5), free_spaces_max_age() + timedelta(minutes=1), None])
            if age is not None:
                CarPark.objects.filter(pk=facility.pk).update(free_spaces=rng.choice([0, 0, 3, 50]),
                                                              free_spaces_reported_at=WHEN - age)
        else:
            facility = FacilityFactory(kind=kind, **common)
        _hours(rng, facility)
        made.append(facility)
    return made


@pytest.fixture
def path(request, db):
    from django.db import connection

    if request.param == "portable" and connection.vendor != "sqlite":
        pytest.skip("the SQLite run covers this case")
    return request.param


@pytest.fixture
def dataset(db):
    return _dataset()


def _keep(filters: NearbyFilters):
    """The filters, written per facility without the code under test."""
    local = WHEN

    def keep(pk, kind):
        facility = Facility.objects.get(pk=pk)
        if filters.open_now:
            hours = list(OpeningHours.objects.filter(facility=facility))
            exceptions = list(OpeningException.objects.filter(facility=facility))
            if not is_open_at(local, hours, exceptions):
                return False
        if kind == "parking" and (filters.available or filters.connectors):
            if filters.connectors:  # car parks have no connectors
                return False
            car_park = CarPark.objects.get(pk=pk)
            reported = car_park.free_spaces_reported_at
            if reported is None or WHEN - reported > free_spaces_max_age() or not car_park.free_spaces:
                return False
        elif filters.available or filters.connectors:
            if kind != "charging":
                return False
            points = list(ChargePoint.objects.filter(station_id=pk).prefetch_related("connectors"))
            if filters.connectors and not any(
                c.standard in filters.connectors for p in points for c in p.connectors.all()
            ):
                return False
            if filters.available:
                free = [p for p in points if p.live_status(WHEN) == ChargePointStatus.AVAILABLE]
                if filters.connectors:
                    free = [p for p in free if any(c.standard in filters.connectors for c in p.connectors.all())]
                if not free:
                    return False
        return not filters.accessible or _accessible_here_or_within_100_m(facility)

    return keep


def _accessible_here_or_within_100_m(facility) -> bool:
    if ACCESSIBLE_CODES & set(facility.accessibility):
        return True
    for site in Facility.objects.filter(kind="accessibility", status=FacilityStatus.PUBLISHED):
        if not ACCESSIBLE_CODES & set(site.accessibility):
            continue
        p1, p2 = math.radians(facility.lat), math.radians(site.lat)
        h = (math.sin((p2 - p1) / 2) ** 2
             + math.cos(p1) * math.cos(p2) * math.sin(math.radians(site.lon - facility.lon) / 2) ** 2)
        if 2 * 6_371_008.8 * math.asin(math.sqrt(h)) <= 100:
            return True
    return False


FILTERS = st.builds(
    NearbyFilters,
    open_now=st.booleans(),
    available=st.booleans(),
    connectors=st.sets(st.sampled_from(CONNECTORS), max_size=2).map(lambda s: tuple(sorted(s))),
    accessible=st.booleans(),
)


@pytest.mark.parametrize("path", PATHS, indirect=True)
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    dlat=st.floats(min_value=-0.02, max_value=0.02),
    dlon=st.floats(min_value=-0.02, max_value=0.02),
    radius=st.floats(min_value=50, max_value=5000),
    limit=st.integers(min_value=1, max_value=30),
    filters=FILTERS,
    kinds=st.one_of(st.none(), st.sets(st.sampled_from(KINDS), min_size=1).map(sorted)),
)
def test_filtered_nearby_matches_brute_force(dataset, path, dlat, dlon, radius, limit, filters, kinds):
    lat, lon = CENTRE[0] + dlat, CENTRE[1] + dlon
    got = nearby_now(lat=lat, lon=lon, radius_m=radius, kinds=kinds, limit=limit, filters=filters, when=WHEN,
                     path=_path(path))
    expected = nearby_brute_force(lat=lat, lon=lon, radius_m=radius, kinds=kinds, limit=limit, keep=_keep(filters))
    assert [(r.hit.kind, r.hit.id) for r in got] == [(k, pk) for k, pk, _ in expected]


@pytest.mark.parametrize("path", PATHS, indirect=True)
def test_each_result_says_open_now_and_availability(path):
    community = CommunityFactory()
    park = FacilityFactory(kind="park", lat=30.6, lon=114.2, community=community)
    closed = FacilityFactory(kind="canteen", lat=30.6001, lon=114.2, community=community)
    OpeningHours.objects.create(facility=closed, weekday=WHEN.weekday(), opens=time(6), closes=time(9))
    station = StationFactory(lat=30.6002, lon=114.2, community=community)
    free = ChargePointFactory(station=station, status=ChargePointStatus.AVAILABLE, status_reported_at=WHEN)
    ConnectorFactory(charge_point=free, standard="ccs2")
    busy = ChargePointFactory(station=station, status=ChargePointStatus.CHARGING, status_reported_at=WHEN)
    ConnectorFactory(charge_point=busy, standard="gbt_dc")
    stale = ChargePointFactory(station=station, status=ChargePointStatus.AVAILABLE,
                               status_reported_at=WHEN - status_max_age() - timedelta(seconds=1))
    ConnectorFactory(charge_point=stale, standard="gbt_dc")
    results = nearby_now(lat=30.6, lon=114.2, radius_m=100, when=WHEN, path=_path(path))
    by_id = {r.hit.id: r for r in results}
    assert by_id[park.pk].open_now is None and by_id[park.pk].availability is None
    assert by_id[closed.pk].open_now is False
    live = by_id[station.pk].availability
    assert (live.available, live.free, live.total) == (True, 1, 3)
    assert dict(live.free_by_connector) == {"ccs2": 1}
    assert live.as_of == WHEN
    # a free gbt_dc point only by a stale report: not available for gbt_dc
    only_dc = nearby_now(lat=30.6, lon=114.2, radius_m=100, when=WHEN, path=_path(path),
                         filters=NearbyFilters(available=True, connectors=("gbt_dc",)))
    assert only_dc == []
    any_dc = nearby_now(lat=30.6, lon=114.2, radius_m=100, when=WHEN, path=_path(path),
                        filters=NearbyFilters(connectors=("gbt_dc",)))
    assert [r.hit.id for r in any_dc] == [station.pk]


def test_api_filters_and_fields(api_client, db, django_assert_max_num_queries):
    community = CommunityFactory()
    station = StationFactory(lat=30.6, lon=114.2, community=community, accessibility=["step_free"])
    point = ChargePointFactory(station=station, status=ChargePointStatus.AVAILABLE)
    ConnectorFactory(charge_point=point, standard="gbt_dc")
    park = FacilityFactory(kind="park", lat=30.6, lon=114.2001, community=community)
    base = {"lat": 30.6, "lon": 114.2, "radius": 200}
    with django_assert_max_num_queries(8):
        response = api_client.get("/api/v1/nearby/", {**base, "available": "1", "connector": "gbt_dc,ccs2"})
    assert response.status_code == 200
    (only,) = response.json()["results"]
    assert only["id"] == station.pk
    assert only["availability"]["available"] is True
    assert only["availability"]["free_by_connector"] == {"gbt_dc": 1}
    both = api_client.get("/api/v1/nearby/", base).json()["results"]
    assert {r["id"] for r in both} == {station.pk, park.pk}
    accessible = api_client.get("/api/v1/nearby/", {**base, "accessible": "true"}).json()["results"]
    assert [r["id"] for r in accessible] == [station.pk]
    assert api_client.get("/api/v1/nearby/", {**base, "open_now": "1"}).json()["results"] == []


@pytest.mark.parametrize(("params", "field"), [
    ({"connector": "usb"}, "connector"), ({"open_now": "maybe"}, "open_now"), ({"available": "x"}, "available"),
    ({"accessible": "2"}, "accessible"),
])
def test_api_bad_filter_is_400_with_message(api_client, db, params, field):
    response = api_client.get("/api/v1/nearby/", {"lat": 30.6, "lon": 114.2, **params},
                              HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert response.json()[field]


def test_page_filters_without_javascript(client, db):
    community = CommunityFactory()
    station = StationFactory(lat=30.6, lon=114.2, community=community, name="有空充电站")
    point = ChargePointFactory(station=station, status=ChargePointStatus.AVAILABLE)
    ConnectorFactory(charge_point=point, standard="gbt_dc")
    FacilityFactory(kind="park", lat=30.6, lon=114.2001, community=community, name="某公园")
    response = client.get("/nearby/", {"lat": 30.6, "lon": 114.2, "radius": 300, "available": "on",
                                       "connector": "gbt_dc"})
    body = response.content.decode()
    assert response.status_code == 200
    assert "有空充电站" in body and "某公园" not in body
    assert 'name="open_now"' in body and 'name="accessible"' in body and 'value="gbt_dc"' in body
    assert "1 of 1 free" in client.get("/nearby/", {"lat": 30.6, "lon": 114.2, "radius": 300},
                                       HTTP_ACCEPT_LANGUAGE="en").content.decode()
