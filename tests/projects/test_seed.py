import io
from decimal import Decimal

import pytest
from django.core.management.base import OutputWrapper

from apps.places import seed as places_seed
from apps.projects import seed
from apps.projects.models import Milestone, ProgressUpdate, Project, Status
from tests.factories import CommunityFactory, FacilityFactory

pytestmark = pytest.mark.django_db


class FakeCommand:
    def __init__(self):
        self.out = io.StringIO()
        self.stdout = OutputWrapper(self.out)
        self.demo_accounts = []


def snapshot():
    return (
        Project.objects.count(), Milestone.objects.count(), ProgressUpdate.objects.count(),
        Project.history.count(), Milestone.history.count(), ProgressUpdate.history.count(),
        sorted(Project.objects.values_list("code", "progress_percent", "achieved_quantity")),
    )


@pytest.fixture
def seeded():
    places_seed.run(FakeCommand())
    community = CommunityFactory()
    FacilityFactory(kind="park", name="崇仁路口袋公园", community=community)
    FacilityFactory(kind="park", name="古田公园", community=community)
    for name in ["一号养老服务综合体（省级，示例）", "二号老年人服务中心（示例）", "三号老年人服务站（示例）",
                 "四号中心辐射式服务网点（示例）", "五号社区嵌入式服务网点（示例）"]:
        FacilityFactory(kind="eldercare", name=name, community=community)
    FacilityFactory(kind="health", name="六号社区卫生服务中心（示例）", community=community)
    command = FakeCommand()
    seed.run(command)
    return command


def test_seed_loads_the_full_2024_list(seeded):
    top = Project.objects.filter(year=2024, parent__isnull=True)
    assert top.count() == 22
    piles = Project.objects.get(code="2024-07")
    assert piles.target_quantity == piles.achieved_quantity == 11000
    assert piles.status == Status.COMPLETED and piles.progress_percent == 100
    assert Project.objects.get(code="2024-15").target_quantity == 3384
    assert Project.objects.get(code="2024-09").target_quantity == Decimal("10.1")
    assert Project.objects.get(code="2024-01").quantity_kind == "share"
    assert set(Project.objects.get(code="2024-04").children.values_list("target_quantity", flat=True)) == {3}
    assert Project.objects.get(code="2024-06").achieved_quantity == 39
    assert sorted(Project.objects.get(code="2024-17").children.values_list("target_quantity", flat=True)) \
        == [6000, 19000]
    assert Project.objects.get(code="2024-18b").target_quantity == 130000000
    assert "19" in Project.objects.get(code="2024-16").description
    # every top-level project of the year has a published, illustrative timeline; items 3-6
    # are cumulative totals of recent years (issue 19) and have none
    for project in top:
        expected = 0 if project.is_cumulative else 3
        assert project.milestones.filter(is_illustrative=True).count() == expected, project.code
    assert not ProgressUpdate.objects.filter(is_illustrative=False).exists()
    assert [f.name for f in Project.objects.get(code="2024-13").facilities.all()] == ["崇仁路口袋公园"]
    assert "projects: 22 projects" in seeded.out.getvalue()


def test_elder_care_and_health_rows_link_their_kinds_facilities(seeded, client):
    """Items 2, 4-6 and 16 of the list link the elder-care sites and health institutions they
    count, as the canteen, charging and park rows link theirs (issue 20)."""
    def linked(code):
        return sorted(f.name[:2] for f in Project.objects.get(code=code).facilities.all())

    assert linked("2024-02") == ["一号", "三号", "二号", "五号", "四号"]  # coverage: every elder-care site
    assert linked("2024-04") == ["一号"]  # the complexes
    assert linked("2024-05") == ["三号", "二号"]  # the centres and stations
    assert linked("2024-06") == ["五号", "四号"]  # the service points
    assert linked("2024-16") == ["六号"]
    health = Project.objects.get(code="2024-16")
    assert health.sub_districts.exists()
    institution = health.facilities.get()
    html = client.get(health.get_absolute_url()).content.decode()
    assert f'href="/health/{institution.pk}/"' in html


def test_seed_is_idempotent(seeded):
    before = snapshot()
    seed.run(FakeCommand())
    assert snapshot() == before


def test_dashboard_shows_the_real_figures(seeded, client):
    html = client.get("/").content.decode()
    for figure in ["11,000", "3,384", "17,000", "80,000"]:
        assert figure in html
    english = client.get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "charging piles" in english
    body = client.get("/api/v1/dashboard/").json()
    assert body["year"] == 2024
    assert body["summary"]["projects"] == 22
    assert body["summary"]["completed"] == 22


def test_seeded_timeline_on_a_project_page(seeded, client):
    project = Project.objects.get(code="2024-12")
    html = client.get(f"/projects/{project.pk}/").content.decode()
    assert "建成道路" in html  # sub-project updates appear in the parent's timeline
    assert "年中进度评估" in html
