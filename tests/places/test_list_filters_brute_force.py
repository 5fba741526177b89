"""Every facility list API, walked page by page through its cursor links with random filter
combinations on random data, returns exactly what a brute-force Python filter over every row
returns (issue 21: the seek paths, the indexes' rewrites of the filters and the open-now SQL
must not change an answer), with the right count."""

import random
from datetime import datetime, time, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from apps.canteens.models import Canteen, MealService
from apps.charging.models import ChargePoint, ChargePointStatus, ChargingStation, Connector, status_max_age
from apps.parks.models import Amenity, Park
from apps.places.hours import is_open_at
from apps.places.models import FacilityStatus, OpeningException, OpeningHours
from apps.places.open_state import refresh_open_states
from tests.canteens.factories import CanteenFactory
from tests.charging.factories import OperatorFactory, StationFactory
from tests.factories import CommunityFactory, SubDistrictFactory
from tests.module_data import built_once
from tests.parks.factories import ParkFactory

pytestmark = pytest.mark.django_db

MEALS = ["breakfast", "lunch", "dinner"]
STANDARDS = ["gbt_ac", "gbt_dc", "ccs2", "type2", "chademo"]
AMENITIES = ["play_area", "fitness", "toilets", "seating", "walking_path"]
PARK_TYPES = ["pocket", "city", "riverside"]
# a fixed "now" per run of the open-now filter: a Wednesday lunchtime, a Saturday night past
# midnight, and the day of the random exceptions
MOMENTS = [(2026, 12, 2, 12, 30), (2026, 12, 6, 1, 15), (2026, 12, 9, 19, 59)]
EXCEPTION_DAY = datetime(2026, 12, 9).date()


def _t(rng) -> time:
    return time(rng.randrange(24), rng.choice([0, 30]))


def _facility_common(rng, facility) -> None:
    if rng.random() < 0.15:
        return  # hours unknown
    for day in range(7):
        for _ in range(rng.choice([0, 1, 1, 2])):
            opens = _t(rng)
            closes = opens if rng.random() < 0.1 else _t(rng)  # sometimes around the clock, or past midnight
            OpeningHours.objects.create(facility=facility, weekday=day, opens=opens, closes=closes)
    if rng.random() < 0.25:
        closed = rng.random() < 0.5
        OpeningException.objects.create(
            facility=facility, date=EXCEPTION_DAY, closed=closed,
            opens=None if closed else _t(rng), closes=None if closed else _t(rng),
        )


@pytest.fixture(params=["id-list", "exists", "boundary"], autouse=True)
def related_filter_path(request, monkeypatch):
    """FacilityQuerySet.having and the lists' bit filters together (apps.places.filter_bits)
    both ways: as id lists (few matches), and as per-row EXISTS or bit checks (many: here forced
    by a threshold of 0); "boundary": a threshold of 3, so that some values (and values of a
    several-part filter together) fall on either side."""
    if request.param == "exists":
        monkeypatch.setattr("apps.places.models.RARE_MATCHES", 0)
        monkeypatch.setattr("apps.places.filter_bits.RARE_MATCHES", 0)
        monkeypatch.setattr("apps.places.filters.RARE_IN_PLACE", 0)
    if request.param == "boundary":
        monkeypatch.setattr("apps.places.models.RARE_MATCHES", 3)
        monkeypatch.setattr("apps.places.filter_bits.RARE_MATCHES", 3)
        monkeypatch.setattr("apps.places.filters.RARE_IN_PLACE", 3)
    return request.param


@pytest.fixture(scope="module")
def _city(django_db_setup, django_db_blocker):
    """Built once per module (3 s each time on a busy machine): the tests only read it."""
    with built_once(django_db_blocker, _build_city) as data:
        yield data


@pytest.fixture
def city(_city, db) -> dict:
    return _city


def _build_city() -> dict:
    rng = random.Random(2121)
    streets = [SubDistrictFactory() for _ in range(3)]
    communities = [CommunityFactory(sub_district=s) for s in streets for _ in range(2)]
    operators = [OperatorFactory() for _ in range(2)]
    now = timezone.now()

    def status():
        return rng.choice([FacilityStatus.PUBLISHED] * 5 + [FacilityStatus.DRAFT, FacilityStatus.CLOSED])

    for i in range(36):
        canteen = CanteenFactory(community=rng.choice(communities), status=status(),
                                 home_delivery=rng.random() < 0.5, name=f"食堂{i}")
        for meal, (start, end) in zip(MEALS, [(7, 9), (11, 13), (17, 19)], strict=True):
            if rng.random() < 0.6:
                MealService.objects.create(canteen=canteen, meal=meal, starts=time(start), ends=time(end),
                                           price=Decimal(rng.randint(5, 20)))
        _facility_common(rng, canteen)
    for i in range(36):
        station = StationFactory(community=rng.choice(communities), status=status(),
                                 operator=rng.choice(operators), name=f"充电站{i}")
        for p in range(rng.randint(0, 3)):
            fresh = rng.random() < 0.7
            point = ChargePoint.objects.create(
                station=station, code=f"S{i}P{p}", label=str(p),
                status=rng.choice(list(ChargePointStatus.values)),
                status_reported_at=now - (timedelta(minutes=1) if fresh else status_max_age() + timedelta(hours=1)),
            )
            for n in range(rng.randint(1, 2)):
                dc = rng.random() < 0.5
                Connector.objects.create(charge_point=point, number=n + 1, standard=rng.choice(STANDARDS),
                                         power_type="dc" if dc else "ac",
                                         max_power_kw=Decimal(rng.choice([7, 22, 60, 120, 180])))
        _facility_common(rng, station)
    for i in range(30):
        park = ParkFactory(community=rng.choice(communities), status=status(), name=f"公园{i}",
                           park_type=rng.choice(PARK_TYPES), area_m2=rng.choice([None, 5000, 50000]), green_area_m2=None,
                           parking_spaces=rng.choice([0, 0, 20]))
        for amenity in rng.sample(AMENITIES, rng.randint(0, 3)):
            Amenity.objects.create(park=park, amenity=amenity)
        _facility_common(rng, park)
    # one deleted facility of each kind: never listed
    for model in (Canteen, ChargingStation, Park):
        model.objects.filter(pk=model.objects.order_by("pk").first().pk).update(deleted_at=now)
    return {"streets": streets, "communities": communities}


def _walk(client, url: str, query: dict) -> tuple[list[int], int, bool]:
    body = client.get(url, {**query, "page_size": 7}).json()
    assert "results" in body, body
    seen, count, exact = [r["id"] for r in body["results"]], body["count"], body["count_exact"]
    while body["next_cursor"]:
        body = client.get(url, {**query, "page_size": 7, "cursor": body["next_cursor"]}).json()
        assert (body["count"], body["count_exact"]) == (count, exact)
        seen += [r["id"] for r in body["results"]]
    return seen, count, exact


def _common(rng, city, query: dict, when: datetime):
    """Random street/community/open-now filters, with their brute-force test."""
    tests = []
    if rng.random() < 0.4:
        street = rng.choice(city["streets"])
        query["street"] = street.pk
        tests.append(lambda f: f.community.sub_district_id == street.pk)
    elif rng.random() < 0.3:
        community = rng.choice(city["communities"])
        query["community"] = community.pk
        tests.append(lambda f: f.community_id == community.pk)
    if rng.random() < 0.5:
        wanted = rng.random() < 0.7
        query["open_now"] = "true" if wanted else "false"
        tests.append(lambda f: is_open_at(when, f.opening_hours.all(), f.opening_exceptions.all()) == wanted)
    return tests


def _listed(model):
    return [f for f in model.objects.select_related("community").prefetch_related("opening_hours", "opening_exceptions")
            if f.status == FacilityStatus.PUBLISHED and f.deleted_at is None]


def _check_open_now(client, url, rows, when):
    """The open-now filter with no stored states (every row's hours asked), with states stored
    three hours before (some still valid, some run out: asked) and with all valid (stored
    answers only; apps.places.open_state). The random combinations after it run on those."""
    for refreshed_at in (None, when - timedelta(hours=3), when):
        if refreshed_at is not None:
            refresh_open_states(refreshed_at)
        for wanted in (True, False):
            tests = [lambda f, wanted=wanted: is_open_at(when, f.opening_hours.all(), f.opening_exceptions.all()) == wanted]
            _check(client, url, {"open_now": "true" if wanted else "false"}, rows, tests)


def _check(client, url, query, rows, tests):
    expected = sorted(f.pk for f in rows if all(test(f) for test in tests))
    got, count, exact = _walk(client, url, query)
    assert got == expected, query
    assert (count, exact) == (len(expected), True), query


@pytest.mark.parametrize("moment", MOMENTS)
def test_canteen_filters_equal_brute_force(api_client, city, monkeypatch, moment):
    when = timezone.make_aware(datetime(*moment))
    monkeypatch.setattr("apps.places.filters.local_now", lambda: when)
    rng = random.Random(f"canteens{moment}")
    rows = _listed(Canteen)
    _check_open_now(api_client, "/api/v1/canteens/", rows, when)
    meals = {c.pk: {s.meal for s in c.meal_services.all()} for c in Canteen.objects.prefetch_related("meal_services")}
    for _ in range(12):
        query: dict = {}
        tests = _common(rng, city, query, when)
        if rng.random() < 0.4:
            wanted = rng.sample(MEALS, rng.randint(1, 2))
            query["meal"] = ",".join(wanted)
            tests.append(lambda f, wanted=wanted: set(wanted) <= meals[f.pk])
        if rng.random() < 0.4:
            delivers = rng.random() < 0.5
            query["delivery"] = "true" if delivers else "false"
            tests.append(lambda f, delivers=delivers: f.home_delivery == delivers)
        _check(api_client, "/api/v1/canteens/", query, rows, tests)


@pytest.mark.parametrize("moment", MOMENTS)
def test_charging_filters_equal_brute_force(api_client, city, monkeypatch, moment):
    when = timezone.make_aware(datetime(*moment))
    monkeypatch.setattr("apps.places.filters.local_now", lambda: when)
    rng = random.Random(f"charging{moment}")
    rows = _listed(ChargingStation)
    _check_open_now(api_client, "/api/v1/charging-stations/", rows, when)
    now = timezone.now()
    points = {s.pk: list(s.charge_points.all()) for s in ChargingStation.objects.prefetch_related("charge_points__connectors")}
    for _ in range(12):
        query: dict = {}
        tests = _common(rng, city, query, when)
        if rng.random() < 0.4:
            wanted = set(rng.sample(STANDARDS, rng.randint(1, 2)))
            query["connector"] = ",".join(sorted(wanted))
            tests.append(lambda f, wanted=wanted: any(c.standard in wanted for p in points[f.pk] for c in p.connectors.all()))
        if rng.random() < 0.4:
            free = rng.random() < 0.6
            query["available"] = "true" if free else "false"
            tests.append(lambda f, free=free: any(p.live_status(now) == "available" for p in points[f.pk]) == free)
        if rng.random() < 0.3:
            kw = rng.choice([5, 22, 60, 150, 360])
            query["min_power_kw"] = kw
            tests.append(lambda f, kw=kw: any(c.max_power_kw >= kw for p in points[f.pk] for c in p.connectors.all()))
        if rng.random() < 0.2:
            kind = rng.choice(["ac", "dc"])
            query["power_type"] = kind
            tests.append(lambda f, kind=kind: any(c.power_type == kind for p in points[f.pk] for c in p.connectors.all()))
        _check(api_client, "/api/v1/charging-stations/", query, rows, tests)


@pytest.mark.parametrize("moment", MOMENTS)
def test_park_filters_equal_brute_force(api_client, city, monkeypatch, moment):
    when = timezone.make_aware(datetime(*moment))
    monkeypatch.setattr("apps.places.filters.local_now", lambda: when)
    rng = random.Random(f"parks{moment}")
    rows = _listed(Park)
    _check_open_now(api_client, "/api/v1/parks/", rows, when)
    amenities = {p.pk: {a.amenity for a in p.amenities.all()} for p in Park.objects.prefetch_related("amenities")}
    for _ in range(12):
        query: dict = {}
        tests = _common(rng, city, query, when)
        if rng.random() < 0.4:
            wanted = rng.sample(AMENITIES, rng.randint(1, 2))
            query["amenity"] = ",".join(wanted)
            tests.append(lambda f, wanted=wanted: set(wanted) <= amenities[f.pk])
        if rng.random() < 0.3:
            types = rng.sample(PARK_TYPES, rng.randint(1, 2))
            query["park_type"] = ",".join(types)
            tests.append(lambda f, types=types: f.park_type in types)
        if rng.random() < 0.3:
            area = rng.choice([1000, 10000])
            query["min_area_m2"] = area
            tests.append(lambda f, area=area: f.area_m2 is not None and f.area_m2 >= area)
        if rng.random() < 0.2:
            query["parking"] = "true"
            tests.append(lambda f: f.parking_spaces > 0)
        _check(api_client, "/api/v1/parks/", query, rows, tests)


def test_all_facilities_filters_equal_brute_force(api_client, city):
    from apps.places.models import Facility

    rng = random.Random(5)
    rows = [f for f in Facility.objects.select_related("community")
            if f.status == FacilityStatus.PUBLISHED and f.deleted_at is None]
    for _ in range(20):
        query: dict = {}
        tests = []
        if rng.random() < 0.6:
            kinds = rng.sample(["canteen", "charging", "park"], rng.randint(1, 2))
            query["kind"] = ",".join(kinds)
            tests.append(lambda f, kinds=kinds: f.kind in kinds)
        if rng.random() < 0.4:
            street = rng.choice(city["streets"])
            query["street"] = street.pk
            tests.append(lambda f, street=street: f.community.sub_district_id == street.pk)
        elif rng.random() < 0.3:
            community = rng.choice(city["communities"])
            query["community"] = community.pk
            tests.append(lambda f, community=community: f.community_id == community.pk)
        expected = sorted(f.pk for f in rows if all(t(f) for t in tests))
        got, count, _exact = _walk(api_client, "/api/v1/facilities/", query)
        assert got == expected and count == len(expected), query


def test_hours_exceptions_photos_written_out_equal_drf_fields():
    """The written-out to_representation of the shared small serializers gives what their
    declared fields give."""
    from rest_framework import serializers

    from apps.places.serializers import (
        FacilityPhotoSerializer,
        OpeningExceptionSerializer,
        OpeningHoursSerializer,
    )

    canteen = CanteenFactory()
    period = OpeningHours.objects.create(facility=canteen, weekday=3, opens=time(7, 5), closes=time(23, 59))
    closed = OpeningException.objects.create(facility=canteen, date=EXCEPTION_DAY, closed=True, note="休息")
    special = OpeningException.objects.create(facility=canteen, date=EXCEPTION_DAY + timedelta(days=1), closed=False,
                                              opens=time(9), closes=time(12, 30), note="")
    for cls, objects in ((OpeningHoursSerializer, [period]), (OpeningExceptionSerializer, [closed, special])):
        for obj in objects:
            by_fields = serializers.Serializer.to_representation(cls(), obj)
            assert cls().to_representation(obj) == dict(by_fields)
    from apps.places.models import FacilityPhoto

    photo = FacilityPhoto(facility=canteen, image="facilities/x.jpg", caption="门口")
    assert FacilityPhotoSerializer().to_representation(photo) == dict(
        serializers.Serializer.to_representation(FacilityPhotoSerializer(), photo))
