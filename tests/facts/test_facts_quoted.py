"""The demo data quotes the district's 2024 report exactly where it says it does (issue 19,
"Facts quoted exactly"; ../shared/seeds/facts-2024.md), and the pages take the figures from
the data, not from constants."""

import io
from decimal import Decimal

import pytest
from django.utils import translation

from apps.facts.models import ReportedFact, Topic


class FakeCommand:
    def __init__(self):
        self.stdout = io.StringIO()
        self.demo_accounts = []


@pytest.fixture
def seeded(db, settings):
    settings.DEBUG = False  # no demo accounts or applications needed here
    from apps.facts import seed as facts_seed
    from apps.housing_swap import seed as housing_seed
    from apps.parks import seed as parks_seed
    from apps.places import seed as places_seed
    from apps.projects import seed as projects_seed

    for module in (facts_seed, places_seed, parks_seed, projects_seed, housing_seed):
        module.run(FakeCommand())


def test_gutian_park_areas_are_quoted_and_its_opening_has_no_invented_day(seeded, client):
    from apps.parks.models import Park

    park = Park.objects.get(code="park-gutian")
    notes = set(park.amenities.values_list("note", flat=True))
    assert {"亲子樱花跑道", "绿茵童语园", "儿童智乐园"} <= notes
    assert not notes & {"儿童樱花跑道", "绿野游戏花园", "儿童智慧乐园"}
    assert park.opened_on_precision == "month" and park.area_m2 == 28_000 and park.parking_spaces == 474
    page = client.get(park.get_absolute_url() if hasattr(park, "get_absolute_url") else f"/parks/{park.pk}/")
    html = page.content.decode()
    assert "2024年12月" in html and "2024-12-01" not in html and "2024年12月1日" not in html
    english = client.get(f"/parks/{park.pk}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "December 2024" in english and "Dec. 1, 2024" not in english
    api = client.get(f"/api/v1/parks/{park.pk}/").json()
    assert api["opened_on_precision"] == "month" and api["opened_display"] == "2024年12月"


def test_hanjiang_bay_gates_stations_and_coverage_are_quoted(seeded):
    from apps.parks.models import AmenityType, Park

    bay = Park.objects.get(code="park-hanjiang-bay")
    amenities = {(a.amenity, a.note) for a in bay.amenities.all()}
    assert (AmenityType.RIVER_GATE, "汉江江滩9座闸口") in amenities
    assert (AmenityType.SERVICE_STATION, "5座驿站") in amenities
    assert not any(kind == AmenityType.TOILETS and "驿站" in note for kind, note in amenities)  # stations ≠ toilets
    assert (AmenityType.WALKING_PATH, "10公里张公堤森林带") in amenities
    assert "公园绿地服务半径覆盖率提升至90%" in bay.description
    fact = ReportedFact.objects.get(key="coverage-park-green-space")
    assert fact.quote == "公园绿地服务半径覆盖率提升至90%" and fact.value == 90 and fact.facility_kind == "park"
    assert ReportedFact.objects.get(key="hanjiang-beach-stations").quote == "5座驿站"


def test_every_quotation_is_in_the_source_text(seeded):
    """Each fact's quote is a verbatim run of the source (spaces and line breaks aside)."""
    from pathlib import Path

    from django.conf import settings

    base = Path(settings.BASE_DIR)
    candidates = [folder / "shared" / "seeds" / "000_527323c9f3bf97a6.txt" for folder in (base.parent, base.parent.parent)]
    source = next((path for path in candidates if path.exists()), None)
    if source is None:
        pytest.skip("shared/seeds is not beside the checkout")
    text = "".join(source.read_text(encoding="utf-8").split())
    for fact in ReportedFact.objects.all():
        assert "".join(fact.quote.split()) in text, fact.key


def test_vouchers_are_shown_as_resettlement_not_as_the_schemes_results(seeded, client):
    vouchers = ReportedFact.objects.get(key="resettlement-vouchers")
    assert vouchers.topic == Topic.RESETTLEMENT and vouchers.value == 896
    html = client.get("/housing-swap/").content.decode()
    scheme_part, _sep, resettlement_part = html.partition('id="resettlement-heading"')
    assert resettlement_part, "the vouchers have a section of their own"
    assert "896" in resettlement_part and "14.8" in resettlement_part
    assert "896" not in scheme_part and "14.8" not in scheme_part
    for area in ("联谊路片", "汉水四村片", "利北社区片"):
        assert area in resettlement_part


def test_figures_on_pages_come_from_the_data(seeded, client):
    """Change the stored figure: the pages follow (no constant in a view or template)."""
    ReportedFact.objects.filter(key="resettlement-vouchers").update(value=Decimal(897))
    ReportedFact.objects.filter(key="coverage-park-green-space").update(value=Decimal(91))
    ReportedFact.objects.filter(key="kaide-yunlu-sold-on-opening").update(value=Decimal(87))
    scheme = client.get("/housing-swap/").content.decode()
    assert "</strong> 897 张" in scheme and "</strong> 896" not in scheme
    assert "</strong> 87 %" in scheme and "</strong> 88" not in scheme
    coverage = client.get("/coverage/?kind=park").content.decode()
    assert "<td>91%</td>" in coverage and "<td>90%</td>" not in coverage


def test_no_round_claims_the_hankou_extension_and_rounds_are_marked_illustrative(seeded, client):
    from apps.housing_swap.models import Round

    rounds = list(Round.objects.order_by("number"))
    assert all("汉口" not in r.title and "Hankou" not in r.title_en for r in rounds[:3])
    assert all(r.is_illustrative for r in rounds)
    html = client.get("/housing-swap/").content.decode()
    rounds_table = html.split('id="rounds-heading"')[1].split("</table>")[0]
    assert rounds_table.count('class="illustrative"') >= 3 * len(rounds)


def test_items_3_to_6_are_cumulative_without_a_2024_timeline(seeded, client):
    from apps.projects.models import Project

    cumulative = Project.objects.filter(year=2024, parent__isnull=True, is_cumulative=True)
    assert sorted(cumulative.values_list("code", flat=True)) == ["2024-03", "2024-04", "2024-05", "2024-06"]
    for project in Project.objects.filter(code__regex=r"^2024-0[3-6]"):
        assert project.is_cumulative
        assert not project.milestones.exists() and not project.updates.exists()
        assert project.planned_start is None and project.actual_end is None
    assert not Project.objects.filter(year=2024, is_cumulative=False, code__regex=r"^2024-0[3-6]").exists()
    assert Project.objects.get(code="2024-07").updates.exists()  # the year's own projects keep theirs
    dashboard = client.get("/").content.decode()
    assert dashboard.count("近年累计") >= 4
    with translation.override("en"):
        english = client.get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert english.count("cumulative total of recent years") >= 4
    api = client.get("/api/v1/projects/?year=2024").json()
    flags = {item["code"]: item["is_cumulative"] for item in api["results"]}
    assert flags["2024-03"] and not flags["2024-07"]
