import random
from datetime import date

import pytest

from apps.parks import seed
from apps.parks.models import Amenity, Park
from apps.parks.synthesize import synthesize
from apps.places.models import Facility, OpeningHours
from apps.places.registry import kind_info
from tests.factories import CommunityFactory

pytestmark = pytest.mark.django_db


def snapshot():
    models = [Park, Amenity, OpeningHours, Park.history.model]
    return {m.__name__: sorted(tuple(sorted((k, str(v)) for k, v in row.items()))
                               for row in m.objects.values()) for m in models}


def test_seed_named_parks_and_idempotent(seeded_places, command):
    seed.run(command)
    assert Park.objects.published().count() == 8
    gutian = Park.objects.get(code="park-gutian")
    assert gutian.name == "古田公园"
    assert gutian.area_m2 == 28_000 and gutian.parking_spaces == 474
    assert gutian.opened_on == date(2024, 12, 1) and gutian.opened_on_precision == "month"  # "December 2024"
    assert gutian.amenities.filter(note="亲子樱花跑道").exists()
    assert Park.objects.filter(name="崇仁路口袋公园", park_type="pocket").exists()
    assert Park.objects.filter(name="航空路口袋公园", community__name="航空路社区").exists()
    assert Park.objects.filter(park_type="pocket").count() == 5
    assert Park.objects.filter(name__startswith="张毕湖").exists()
    assert Park.objects.filter(park_type="riverside", name__startswith="汉江湾").exists()
    assert all(p.is_illustrative for p in Park.objects.all())
    before = snapshot()
    seed.run(command)
    assert snapshot() == before


def test_registered():
    assert kind_info("park").synthesize is synthesize


def _base(n):
    community = CommunityFactory()
    return Facility.objects.bulk_create([
        Facility(kind="park", name=f"合成{i}", address="x", community=community,
                 lat=30.5, lon=114.2, status="published") for i in range(n)])


def test_synthesize_reproducible():
    first = _base(30)
    synthesize(first, random.Random(11))
    assert Park.objects.published().count() == 30
    assert all(p.green_area_m2 <= p.area_m2 for p in Park.objects.all())
    a = sorted((p.pk - first[0].pk, p.park_type, p.area_m2, p.opened_on) for p in Park.objects.all())
    am = sorted((park_id - first[0].pk, amenity) for park_id, amenity in Amenity.objects.values_list("park_id", "amenity"))
    Facility.objects.all().delete()
    second = _base(30)
    synthesize(second, random.Random(11))
    assert sorted((p.pk - second[0].pk, p.park_type, p.area_m2, p.opened_on) for p in Park.objects.all()) == a
    assert sorted((pid - second[0].pk, am_) for pid, am_ in Amenity.objects.values_list("park_id", "amenity")) == am
