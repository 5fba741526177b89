"""English pages show the English form of every piece of data that has one (issue 19,
"Languages"): a Chinese value whose English form exists must not appear on an English page,
except inside an element marked ``lang="zh-Hans"`` (a quotation, or a fallback marked as such)."""

import io
from html.parser import HTMLParser

import pytest
from django.test import override_settings

from tests.module_data import built_once

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class EnglishText(HTMLParser):
    """The page's visible text outside any element marked as Chinese (and outside scripts)."""

    def __init__(self):
        super().__init__()
        self.stack: list[bool] = []  # per open element: is it (or an ancestor) Chinese / a script?
        self.parts: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in VOID:
            return
        inherited = bool(self.stack and self.stack[-1])
        lang = dict(attrs).get("lang") or ""
        self.stack.append(inherited or lang.lower().startswith("zh") or tag in ("script", "style", "title"))

    def handle_endtag(self, tag):
        if tag not in VOID and self.stack:
            self.stack.pop()

    def handle_data(self, data):
        if not (self.stack and self.stack[-1]):
            self.parts.append(data)


def english_text(html: str) -> str:
    parser = EnglishText()
    parser.feed(html)
    return " ".join(parser.parts)


def assert_no_chinese_form_shown(client, pages, pairs) -> None:
    """Each of ``pages``, asked for in English, answers and shows none of the Chinese values
    (``pairs``: (model, field, Chinese value, ...) of every value that has an English form)."""
    assert pairs
    for page in pages:
        response = client.get(page, HTTP_ACCEPT_LANGUAGE="en")
        assert response.status_code == 200, page
        text = english_text(response.content.decode())
        shown = [tuple(pair[:3]) for pair in pairs if pair[2] in text]
        assert not shown, f"{page} shows Chinese data that has an English form: {shown[:5]}"


class FakeCommand:
    def __init__(self):
        self.stdout = io.StringIO()
        self.demo_accounts = []


def _seed() -> dict:
    from apps.canteens import seed as canteens_seed
    from apps.charging import seed as charging_seed
    from apps.facts import seed as facts_seed
    from apps.housing_swap import seed as housing_seed
    from apps.parks import seed as parks_seed
    from apps.places import seed as places_seed
    from apps.projects import seed as projects_seed

    with override_settings(DEBUG=False):
        for module in (facts_seed, places_seed, parks_seed, canteens_seed, charging_seed, projects_seed, housing_seed):
            module.run(FakeCommand())
    return {}


@pytest.fixture(scope="module")
def _seeded(django_db_setup, django_db_blocker):
    """The demo data, seeded once per module (4-5 s each time); the tests change it only
    inside their own rolled-back savepoint."""
    with built_once(django_db_blocker, _seed):
        yield


@pytest.fixture
def seeded(_seeded, db, settings):
    settings.DEBUG = False


def _pairs():
    """(Chinese, English) of every bilingual value a resident reads, where English exists."""
    from apps.facts.models import ReportedFact
    from apps.housing_swap.models import NewHomeProject, Round
    from apps.parks.models import Amenity, Park
    from apps.places.models import Community, Facility, OpeningException, SubDistrict
    from apps.projects.models import Project

    fields = [
        (SubDistrict, ["name"]), (Community, ["name"]), (Park, ["name", "address"]), (Amenity, ["note"]),
        (Facility, ["name", "address"]), (OpeningException, ["note"]),
        (Project, ["title", "unit"]), (ReportedFact, ["label", "note"]),
        (Round, ["title", "source_note"]),
        (NewHomeProject, ["name", "developer", "location", "unit_types", "fact_note"]),
    ]
    for model, names in fields:
        for obj in model.objects.all():
            for name in names:
                zh, en = getattr(obj, name), getattr(obj, f"{name}_en")
                if zh and en and zh not in en:
                    yield model.__name__, name, zh, en


def _bring_exceptions_forward(facilities):
    """The demo's holiday closures (fixed dates) moved into the coming weeks, so that the
    facility pages show their notes whatever the day the test runs."""
    from datetime import timedelta

    from django.utils import timezone

    from apps.places.models import OpeningException

    shown = 0
    for facility in facilities:
        for offset, exception in enumerate(OpeningException.objects.filter(facility=facility).order_by("date")):
            exception.date = timezone.localdate() + timedelta(days=2 + offset)
            exception.save(update_fields=["date"])
            shown += 1
    assert shown, "the demo data has opening exceptions on the canteens' pages"


def test_every_community_and_sub_district_has_an_english_name(seeded):
    from apps.places.models import Community, SubDistrict

    assert Community.objects.count() >= 90
    assert not Community.objects.filter(name_en="").exists()
    assert not SubDistrict.objects.filter(name_en="").exists()
    assert Community.objects.get(name="长堤街社区").name_en == "Changdijie Community"
    assert Community.objects.get(name="万安巷社区").name_en == "Wan'anxiang Community"


@pytest.mark.parametrize("path", ["/housing-swap/", "/parks/", "/coverage/?kind=park", "/", "/projects/",
                                  "/canteens/", "/charging/", "/nearby/?place=gtgy&radius=2000"])
def test_english_page_shows_no_chinese_data_that_has_an_english_form(seeded, client, path):
    from apps.canteens.models import Canteen
    from apps.charging.models import ChargingStation
    from apps.parks.models import Park

    pages = [path]
    if path == "/parks/":
        pages += [f"/parks/{pk}/" for pk in Park.objects.values_list("pk", flat=True)]
    if path == "/canteens/":
        pages += [f"/canteens/{pk}/" for pk in Canteen.objects.values_list("pk", flat=True)[:5]]
    if path == "/charging/":
        pages += [f"/charging/{pk}/" for pk in ChargingStation.objects.values_list("pk", flat=True)[:5]]
    pairs = list(_pairs())
    if path == "/canteens/":
        _bring_exceptions_forward(Canteen.objects.order_by("pk")[:5])
    assert_no_chinese_form_shown(client, pages, pairs)


def test_a_value_without_english_is_marked_as_chinese(seeded, client):
    from apps.housing_swap.models import NewHomeProject

    NewHomeProject.objects.filter(code="gutian-fenglin").update(location_en="")
    html = client.get("/housing-swap/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert '<span lang="zh-Hans" class="untranslated" data-fallback="zh">古田片区（示意）</span>' in html
    assert "in Chinese only" in html
    chinese = client.get("/housing-swap/").content.decode()
    assert "古田片区（示意）" in chinese and 'data-fallback="zh"' not in chinese


def test_an_opening_exception_note_in_english_and_its_marked_fallback(db, client):
    """An opening exception's English note is shown on English pages (and given by the API
    beside the Chinese one); a note without an English form is shown in Chinese, marked."""
    from datetime import timedelta

    from django.utils import timezone

    from apps.places.models import OpeningException
    from tests.canteens.factories import full_canteen

    canteen = full_canteen()
    today = timezone.localdate()
    OpeningException.objects.create(facility=canteen, date=today + timedelta(days=2), note="春节休息")
    OpeningException.objects.create(facility=canteen, date=today + timedelta(days=3), note="元旦休息",
                                    note_en="Closed for New Year's Day")
    english = client.get(f"/canteens/{canteen.pk}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert '<span lang="zh-Hans" class="untranslated" data-fallback="zh">春节休息</span>' in english
    assert "春节休息" not in english_text(english)
    assert "(Closed for New Year&#x27;s Day)" in english and "元旦休息" not in english
    chinese = client.get(f"/canteens/{canteen.pk}/").content.decode()
    assert "(春节休息)" in chinese and "(元旦休息)" in chinese and "New Year" not in chinese
    api = client.get(f"/api/v1/canteens/{canteen.pk}/", HTTP_ACCEPT_LANGUAGE="en").json()
    notes = [(e["note"], e["note_en"]) for e in api["opening_exceptions"]]
    assert notes == [("春节休息", ""), ("元旦休息", "Closed for New Year's Day")]
