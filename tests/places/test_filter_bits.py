"""Filter bits (apps.places.filter_bits, issue 21): every kind's fixed list filters as bits of
``Facility.filter_bits``. The bits must always equal their conditions evaluated on the rows
(after generation's bulk inserts, after every save and delete the admin or a service makes),
and every list filter reading them must name bits that exist."""

import pytest
from django.db import connection
from django.db.models import Q
from django.test.utils import CaptureQueriesContext

from apps.accessibility.filters import AccessibilitySiteFilter
from apps.canteens.filters import CanteenFilter
from apps.canteens.models import MealService
from apps.charging.filters import ChargingStationFilter
from apps.charging.models import ChargePoint, Connector
from apps.eldercare.filters import ElderCareFilter
from apps.health.filters import HealthFilter
from apps.parking.filters import CarParkFilter
from apps.parks.filters import ParkFilter
from apps.parks.models import Amenity, Park
from apps.places import filter_bits
from apps.places.filters import BitChoiceFilter, BitFlagFilter, BitsFilter
from apps.places.generation import generate_facilities
from apps.places.models import Facility
from apps.places.registry import registered_kinds
from tests.canteens.factories import CanteenFactory, MealServiceFactory
from tests.charging.factories import ChargePointFactory, ConnectorFactory, StationFactory
from tests.factories import CommunityFactory
from tests.parks.factories import AmenityFactory, ParkFactory

pytestmark = pytest.mark.django_db

FILTERSETS = [AccessibilitySiteFilter, CanteenFilter, ChargingStationFilter, ElderCareFilter, HealthFilter,
              CarParkFilter, ParkFilter]


def assert_bits_equal_conditions(spec, pks=None) -> int:
    """Every bit of ``spec``'s facilities (``pks``: only those) equals its condition on the
    rows, checked bit by bit against the ORM; returns how many bits were set."""
    rows = spec.model._base_manager.all() if pks is None else spec.model._base_manager.filter(pk__in=pks)
    stored = dict(Facility._base_manager.filter(pk__in=rows.values("pk")).values_list("pk", "filter_bits"))
    set_bits = 0
    for group, value, bit, condition in spec.bits():
        expected = set(rows.filter(condition).values_list("pk", flat=True))
        actual = {pk for pk, bits in stored.items() if bits & bit}
        assert actual == expected, (spec.model.__name__, group, value)
        set_bits += len(actual)
    return set_bits


def test_every_kind_declares_bits_within_a_bigint():
    assert {spec.model for spec in filter_bits.specs()} == {f.Meta.model for f in FILTERSETS}
    for kind in registered_kinds():
        spec = filter_bits.spec_of_kind(kind)
        assert spec is not None, kind
        assert 0 < len(spec.bits()) <= filter_bits.MAX_BITS
        assert len({bit for *_, bit, _c in spec.bits()}) == len(spec.bits())


@pytest.mark.parametrize("filterset", FILTERSETS, ids=lambda f: f.__name__)
def test_every_bit_filter_names_existing_bits(filterset):
    """A filter's every choice is a bit of its group (else a valid request would fail)."""
    spec = filter_bits.spec_for(filterset.Meta.model)
    bit_filters = {name: f for name, f in filterset.base_filters.items()
                   if isinstance(f, BitsFilter | BitChoiceFilter | BitFlagFilter)}
    assert bit_filters
    for name, f in bit_filters.items():
        values = [True] if isinstance(f, BitFlagFilter) else [value for value, _label in f.extra["choices"]]
        assert spec.mask(f.field_name, values) > 0, name
    with pytest.raises(KeyError):
        spec.mask("no such group", ["x"])


def test_generated_facilities_get_their_bits():
    """generate_facilities inserts rows without signals; it computes the bits itself."""
    CommunityFactory()
    generate_facilities(count=700, seed=5)
    for kind in registered_kinds():
        spec = filter_bits.spec_of_kind(kind)
        assert spec.model._base_manager.exists(), kind
        assert assert_bits_equal_conditions(spec) > 0, kind


def test_refresh_recomputes_stale_bits():
    park = ParkFactory(park_type="city", parking_spaces=10)
    AmenityFactory(park=park, amenity="toilets")
    Facility._base_manager.filter(pk=park.pk).update(filter_bits=0)
    spec = filter_bits.spec_for(Park)
    assert filter_bits.refresh(spec, Q(pk=park.pk)) == 1
    assert assert_bits_equal_conditions(spec, [park.pk]) == 3


def test_park_bits_follow_saves_and_deletes():
    spec = filter_bits.spec_for(Park)
    park = ParkFactory(park_type="pocket", parking_spaces=0)
    assert assert_bits_equal_conditions(spec, [park.pk]) == 1  # pocket
    toilets = AmenityFactory(park=park, amenity="toilets")
    AmenityFactory(park=park, amenity="fitness")
    assert assert_bits_equal_conditions(spec, [park.pk]) == 3
    toilets.amenity = "seating"
    toilets.save()
    assert spec.mask("amenity", ["seating", "fitness"]) & Facility.objects.get(pk=park.pk).filter_bits
    toilets.delete()
    assert assert_bits_equal_conditions(spec, [park.pk]) == 2
    park.park_type, park.parking_spaces = "city", 40
    park.save()
    assert assert_bits_equal_conditions(spec, [park.pk]) == 3  # city, parking, fitness
    Amenity.objects.filter(park=park).delete()  # a queryset delete sends post_delete per row
    assert assert_bits_equal_conditions(spec, [park.pk]) == 2


def test_a_save_through_the_shared_facility_model_keeps_the_bits():
    """A service saving the base Facility writes the bits it read; they are recomputed."""
    park = ParkFactory(park_type="riverside")
    facility = Facility.objects.get(pk=park.pk)
    AmenityFactory(park=park, amenity="waterfront")  # changed after ``facility`` was read
    facility.name = "改名"
    facility.save()
    assert assert_bits_equal_conditions(filter_bits.spec_for(Park), [park.pk]) == 2


def test_charging_bits_follow_charge_points_and_connectors():
    spec = filter_bits.spec_for(StationFactory._meta.model)
    station = StationFactory(is_public=False)
    assert assert_bits_equal_conditions(spec, [station.pk]) == 0
    point = ChargePointFactory(station=station)
    ConnectorFactory(charge_point=point, standard="ccs2", power_type="dc", max_power_kw=60)
    ConnectorFactory(charge_point=point, number=2, standard="gbt_ac", power_type="ac", max_power_kw=7)
    # two connectors, two power types, the power tiers up to 60 kW (7, 11, 22, 30, 60)
    assert assert_bits_equal_conditions(spec, [station.pk]) == 9
    Connector.objects.filter(charge_point=point, standard="ccs2").delete()
    assert assert_bits_equal_conditions(spec, [station.pk]) == 3  # gbt_ac, ac, 7 kW
    station.is_public = True
    station.save()
    assert assert_bits_equal_conditions(spec, [station.pk]) == 4
    ChargePoint.objects.filter(pk=point.pk).delete()  # its connectors go with it
    assert assert_bits_equal_conditions(spec, [station.pk]) == 1  # public
    station.delete()  # nothing left to keep right; no error on the way
    assert not Facility._base_manager.filter(pk=station.pk).exists()


def test_canteen_bits_follow_meal_services_and_delivery():
    spec = filter_bits.spec_for(CanteenFactory._meta.model)
    canteen = CanteenFactory(home_delivery=True)
    MealServiceFactory(canteen=canteen, meal="lunch")
    assert assert_bits_equal_conditions(spec, [canteen.pk]) == 2
    MealService.objects.filter(canteen=canteen).delete()
    canteen.home_delivery = False
    canteen.save()
    assert assert_bits_equal_conditions(spec, [canteen.pk]) == 0


def test_bit_filters_in_the_api(api_client):
    """The API's answers through the bits: all of (amenity), any of (park type), a flag and
    its negation (parking)."""
    a = ParkFactory(park_type="city", parking_spaces=5)
    AmenityFactory(park=a, amenity="toilets")
    AmenityFactory(park=a, amenity="fitness")
    b = ParkFactory(park_type="pocket", parking_spaces=0)
    AmenityFactory(park=b, amenity="toilets")

    def ids(query):
        response = api_client.get(f"/api/v1/parks/?{query}")
        assert response.status_code == 200, response.content
        return {row["id"] for row in response.json()["results"]}

    assert ids("amenity=toilets") == {a.pk, b.pk}
    assert ids("amenity=toilets,fitness") == {a.pk}
    assert ids("park_type=pocket,riverside") == {b.pk}
    assert ids("parking=true") == {a.pk}
    assert ids("parking=false") == {b.pk}
    assert ids("amenity=waterfront") == set()


def test_values_present_are_each_value_with_its_count_capped(monkeypatch):
    """The skip scan of the (kind, filter_bits) index finds every value the kind's facilities
    have, with its count up to RARE_MATCHES + 1, on both databases (its SQL is written out)."""
    monkeypatch.setattr(filter_bits, "RARE_MATCHES", 2)
    community = CommunityFactory()
    for _ in range(4):
        ParkFactory(community=community, park_type="pocket", parking_spaces=0)
    ParkFactory(community=community, park_type="city", parking_spaces=10)
    expected = {}
    for bits in Facility._base_manager.filter(kind="park").values_list("filter_bits", flat=True):
        expected[bits] = min(expected.get(bits, 0) + 1, 3)
    assert len(expected) == 2
    assert filter_bits.read_values_present("park") == expected
    assert filter_bits.read_values_present("canteen") == {}


def test_values_present_are_read_again_after_a_refresh(django_assert_num_queries):
    community = CommunityFactory()
    ParkFactory(community=community, park_type="pocket", parking_spaces=0)
    filter_bits.values_present("park")
    with django_assert_num_queries(0):  # kept
        kept = filter_bits.values_present("park")
    ParkFactory(community=community, park_type="riverside", parking_spaces=5)  # a new value
    assert len(filter_bits.values_present("park")) == len(kept) + 1


def test_meeting_applies_all_any_and_none_masks():
    requirements = [filter_bits.Requirement(0b0011, "all"), filter_bits.Requirement(0b1100, "any"),
                    filter_bits.Requirement(0b10000, "none")]
    values = range(64)
    expected = [v for v in values if v & 3 == 3 and v & 12 and not v & 16]
    assert filter_bits.meeting(values, requirements) == expected


def test_values_meeting_a_combination_are_remembered_until_the_values_change(monkeypatch):
    """meeting_present answers as meeting() over the values present with their capped counts,
    the same for the requirements in any order, from memory the second time, and anew once a
    refresh has changed the values."""
    community = CommunityFactory()
    ParkFactory(community=community, park_type="pocket", parking_spaces=0)
    ParkFactory(community=community, park_type="pocket", parking_spaces=0)
    ParkFactory(community=community, park_type="city", parking_spaces=10)
    pocket = filter_bits.requirement(Park, "park_type", ["pocket"])
    no_parking = filter_bits.requirement(Park, "parking", [True], negate=True)
    present = filter_bits.values_present("park")
    values, having = filter_bits.meeting_present("park", [pocket, no_parking])
    assert values == filter_bits.meeting(present, [pocket, no_parking]) and len(values) == 1
    assert having == 2
    calls = []
    monkeypatch.setattr(filter_bits, "meeting", lambda *a: calls.append(a) or [])
    assert filter_bits.meeting_present("park", [no_parking, pocket]) == (values, 2)
    assert calls == []  # remembered
    monkeypatch.undo()
    ParkFactory(community=community, park_type="pocket", parking_spaces=0, name="a third")
    assert filter_bits.meeting_present("park", [pocket, no_parking]) == (values, 3)
    # a flood of combinations starts the memory again rather than growing it
    monkeypatch.setattr(filter_bits, "MAX_COMBINATIONS", 2)
    for mask in (1, 2, 4):
        filter_bits.meeting_present("park", [filter_bits.Requirement(mask, "any")])
    assert len(filter_bits._present["park", "default"].met) <= 2


def test_a_bit_combination_no_facility_has_reads_no_list(api_client, django_assert_max_num_queries):
    """No pocket park has parking: the list answers empty from the values kept, without
    reading the parks."""
    community = CommunityFactory()
    ParkFactory(community=community, park_type="pocket", parking_spaces=0)
    ParkFactory(community=community, park_type="city", parking_spaces=10)
    api_client.get("/api/v1/parks/?park_type=pocket")  # (values read and kept)
    with django_assert_max_num_queries(0):
        response = api_client.get("/api/v1/parks/?park_type=pocket&parking=true")
    assert response.status_code == 200 and response.json()["count"] == 0


def test_a_rare_bit_combination_is_read_by_id(api_client, django_assert_max_num_queries):
    community = CommunityFactory()
    wanted = ParkFactory(community=community, park_type="riverside", parking_spaces=5)
    for _ in range(3):
        ParkFactory(community=community, park_type="pocket", parking_spaces=0)
    response = api_client.get("/api/v1/parks/?park_type=riverside&parking=true")
    assert [row["id"] for row in response.json()["results"]] == [wanted.pk]


def test_a_rare_bit_combination_in_a_place_reads_the_ids_there_only(api_client):
    """With a sub-district or a community, the ids of a rare combination are read for that
    place alone, from the (kind, filter_bits, community) index: the list then reads those rows,
    not every rare one of the district."""
    here, elsewhere = CommunityFactory(), CommunityFactory()
    wanted = ParkFactory(community=here, park_type="riverside", parking_spaces=5)
    far = [ParkFactory(community=elsewhere, park_type="riverside", parking_spaces=5) for _ in range(3)]
    ParkFactory(community=here, park_type="pocket", parking_spaces=0)
    for place in ({"community": here.pk}, {"street": here.sub_district_id}):
        with CaptureQueriesContext(connection) as queries:
            response = api_client.get("/api/v1/parks/", {"park_type": "riverside", "parking": "true", **place})
        assert [row["id"] for row in response.json()["results"]] == [wanted.pk], place
        ids_query = next(q["sql"] for q in queries if q["sql"].startswith('SELECT "places_facility"."id" AS "pk"'))
        assert "community_id" in ids_query, place
        page = next(q["sql"] for q in queries if 'AS "pk" FROM "parks_park"' in q["sql"])
        assert f'"parks_park"."facility_ptr_id" IN ({wanted.pk})' in page, place
    # elsewhere, the same filters find the others
    response = api_client.get("/api/v1/parks/", {"park_type": "riverside", "parking": "true",
                                                 "community": elsewhere.pk})
    assert sorted(row["id"] for row in response.json()["results"]) == sorted(p.pk for p in far)


def test_ids_having_reads_the_place_from_the_index(django_assert_num_queries):
    here, other = CommunityFactory(), CommunityFactory()
    there = CommunityFactory(sub_district=here.sub_district)
    parks = {c: ParkFactory(community=c, park_type="riverside", parking_spaces=5) for c in (here, other, there)}
    values = filter_bits.meeting_present("park", [filter_bits.requirement(Park, "park_type", ["riverside"], match="any")])[0]
    assert set(filter_bits.ids_having("park", values, 10)) == {p.pk for p in parks.values()}
    with django_assert_num_queries(1):
        assert filter_bits.ids_having("park", values, 10, community=here.pk) == [parks[here].pk]
    assert set(filter_bits.ids_having("park", values, 10, street=here.sub_district_id)) == {parks[here].pk,
                                                                                           parks[there].pk}
    assert filter_bits.ids_having("park", values, 10, street=here.sub_district_id, community=other.pk) == []
    assert filter_bits.ids_having("park", [], 10) == []
