
import pytest

from apps.eldercare import seed
from apps.eldercare.models import ElderCareSite
from apps.eldercare.synthesize import synthesize
from apps.places.models import OpeningHours
from apps.places.registry import kind_info
from apps.reports.categories import declared_categories
from tests.factories import CommunityFactory
from tests.kinds import rows_snapshot, synthesized_twice

pytestmark = pytest.mark.django_db


def snapshot():
    return rows_snapshot(ElderCareSite, OpeningHours, ElderCareSite.history.model)


def test_seed_reported_figures_and_idempotent(seeded_places, command):
    seed.run(command)
    published = ElderCareSite.objects.published()
    assert published.filter(level="complex_provincial").count() == 3
    assert published.filter(level="complex_municipal").count() == 3
    assert published.filter(level__in=["centre", "station"]).count() == 84
    assert published.filter(level="hub_point").count() == 8
    assert published.filter(level="embedded_point").count() == 31
    home = ElderCareSite.objects.get(name="区第二福利院")
    assert home.level == "welfare_home" and "即将开放" in home.description and not home.opening_hours.exists()
    assert all(s.is_illustrative for s in ElderCareSite.objects.all())
    assert all("示例" in s.name for s in ElderCareSite.objects.exclude(pk=home.pk))
    before = snapshot()
    seed.run(command)
    assert snapshot() == before


def test_registered():
    info = kind_info("eldercare")
    assert info.synthesize is synthesize and info.coverage_reach_m == 1000
    assert info.list_url_name == "eldercare:list"
    assert {c.code for c in declared_categories() if c.kind == "eldercare"} >= {"eldercare-service-missed"}



def _rows(first):
    return sorted((s.pk - first.pk, s.level, s.day_care, s.respite_beds, s.home_service_radius_m)
                  for s in ElderCareSite.objects.all())


def test_synthesize_reproducible():
    def check():
        assert ElderCareSite.objects.published().count() == 40
        assert not ElderCareSite.objects.filter(home_service=False, home_service_radius_m__isnull=False).exists()

    one, two = synthesized_twice("eldercare", synthesize, _rows, seed=5, check=check)
    assert one == two


def test_generate_facilities_kind(communities):
    from tests.kinds import generated_kind_rows

    fields = ("level", "day_care", "respite_beds", "home_service_radius_m")
    first = generated_kind_rows("eldercare", ElderCareSite, fields)
    assert generated_kind_rows("eldercare", ElderCareSite, fields) == first  # same seed, same rows


@pytest.fixture
def communities(db):
    return [CommunityFactory(lat=30.56, lon=114.18), CommunityFactory(lat=30.60, lon=114.24)]
