
import pytest

from apps.health import seed
from apps.health.models import HealthInstitution
from apps.health.synthesize import synthesize
from apps.places.models import OpeningHours
from apps.places.registry import kind_info
from apps.reports.categories import declared_categories
from tests.factories import CommunityFactory
from tests.kinds import rows_snapshot, synthesized_twice

pytestmark = pytest.mark.django_db


def snapshot():
    return rows_snapshot(HealthInstitution, OpeningHours, HealthInstitution.history.model)


def test_seed_reported_group_and_named_hospital(seeded_places, command):
    seed.run(command)
    published = HealthInstitution.objects.published()
    assert published.filter(mutual_recognition=True).count() == 19
    assert published.filter(institution_type="community_centre").count() >= 9  # one per sub-district
    tongji = HealthInstitution.objects.get(name="同济汉江湾医院")
    assert tongji.institution_type == "hospital" and "即将开放" in tongji.description and not tongji.mutual_recognition
    assert all(i.is_illustrative for i in HealthInstitution.objects.all())
    assert all("示例" in i.name for i in HealthInstitution.objects.exclude(pk=tongji.pk))
    before = snapshot()
    seed.run(command)
    assert snapshot() == before


def test_registered():
    info = kind_info("health")
    assert info.synthesize is synthesize and info.coverage_reach_m == 1000 and info.list_url_name == "health:list"
    assert {c.code for c in declared_categories() if c.kind == "health"} >= {"health-results-not-recognised"}



def _rows(first):
    return sorted((i.pk - first.pk, i.institution_type, i.grade, i.gp, i.tcm, i.mutual_recognition)
                  for i in HealthInstitution.objects.all())


def test_synthesize_reproducible():
    def check():
        assert not HealthInstitution.objects.exclude(institution_type="hospital").exclude(grade="").exists()

    one, two = synthesized_twice("health", synthesize, _rows, seed=9, check=check)
    assert one == two


def test_generate_facilities_kind(communities):
    from tests.kinds import generated_kind_rows

    fields = ("institution_type", "grade", "gp", "tcm", "mutual_recognition")
    first = generated_kind_rows("health", HealthInstitution, fields)
    assert generated_kind_rows("health", HealthInstitution, fields) == first  # same seed, same rows


@pytest.fixture
def communities(db):
    return [CommunityFactory(lat=30.56, lon=114.18), CommunityFactory(lat=30.60, lon=114.24)]
