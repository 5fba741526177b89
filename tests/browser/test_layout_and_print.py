"""Issue 19 in a real browser: nothing moves while a page loads (cumulative layout shift
under 0.05 on a phone, in both languages and in senior mode, maps included: their box is
reserved and Leaflet loads when they come into view), touch targets of the header are at
least 24 px, and a facility, a project or an application's status prints without navigation,
forms or the map, from a "Print this page" button shown only when JavaScript runs.

The Lighthouse scores themselves come from bench/lighthouse.sh (README)."""

import pytest

from tests.browser import data
from tests.browser.test_public_pages import url_of

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

RECORD_SHIFTS = """
window.__shifts = [];
new PerformanceObserver(list => { for (const e of list.getEntries()) {
  if (!e.hadRecentInput) window.__shifts.push({value: e.value,
    sources: e.sources.map(s => s.node ? s.node.nodeName + "." + (s.node.className || "") : "?")});
} }).observe({type: "layout-shift", buffered: true});
"""


@pytest.fixture
def world():
    return data.world("canteens", "charging", "parks", "projects")


def pages(world):
    lat, lon = data.HOME
    return ["/", "/nearby/", f"/nearby/?lat={lat}&lon={lon}&radius=1000", "/canteens/",
            url_of(world.canteens["open"]), "/charging/", "/parks/", url_of(world.parks["pocket"]),
            "/projects/", url_of(world.projects["lift"]), "/coverage/?kind=canteen"]


@pytest.mark.parametrize(("lang", "senior"), [("zh", False), ("en", False), ("zh", True)])
def test_nothing_moves_while_a_page_loads(open_context, world, lang, senior):
    ctx = open_context(lang=lang, viewport="phone", senior=senior)
    page = ctx.new_page()
    page.add_init_script(RECORD_SHIFTS)
    too_much = []
    for path in pages(world):
        page.goto(path)
        page.wait_for_load_state("networkidle")
        if page.locator("[data-map], [data-coverage-map]").count():
            page.locator("[data-map], [data-coverage-map]").first.scroll_into_view_if_needed()
            page.locator(".leaflet-container").first.wait_for()
            page.evaluate("window.scrollTo(0, 0)")
        shifts = page.evaluate("window.__shifts")
        total = sum(s["value"] for s in shifts)
        if total >= 0.05:
            too_much.append(f"{path}: CLS {total:.3f} from {[s['sources'] for s in shifts]}")
    assert not too_much, "\n".join(too_much)


def test_header_targets_are_at_least_24px(open_context, world):
    page = open_context(lang="en", viewport="phone").new_page()
    page.goto("/canteens/")
    page.keyboard.press("Tab")  # the skip link shows when focused
    small = page.evaluate("""() => [...document.querySelectorAll('.skip-link, .brand, .header-link, .site-nav a, .site-footer a, td > a, li > a')]
        .filter(a => a.offsetParent !== null)
        .map(a => [a.textContent.trim(), a.getBoundingClientRect()])
        .filter(([, r]) => r.height < 24 || r.width < 24).map(([t, r]) => `${t}: ${r.width}x${r.height}`)""")
    assert not small, small


PRINTED = ["canteen", "project", "application"]


@pytest.fixture
def applicant(world):
    """A resident with a submitted housing-swap application (signs in with PASSWORD)."""
    from apps.housing_swap import services
    from tests.browser.test_journey_housing_swap import user
    from tests.housing_swap.factories import RoundFactory, payload

    resident = user("printing_resident")
    round_ = RoundFactory(number=7)
    fields = payload(round_)
    fields.pop("round")
    application = services.application_submit_new(round_=round_, applicant=resident, data=fields)
    return resident, application


def open_printed(ctx, world, applicant, which):
    """A page of ``which`` in the context ``ctx`` (the applicant signed in for their application)."""
    page = ctx.new_page()
    if which == "application":
        from tests.browser.test_journey_housing_swap import sign_in

        resident, application = applicant
        page.goto("/accounts/login/")
        sign_in(page, resident.username, keyboard=False)
        page.goto(f"/housing-swap/applications/{application.pk}/")
    else:
        page.goto(url_of(world.canteens["open"] if which == "canteen" else world.projects["lift"]))
    return page


@pytest.mark.parametrize("which", PRINTED)
def test_pages_print_without_navigation_forms_or_map(open_context, world, applicant, which):
    page = open_printed(open_context(lang="zh", viewport="desktop"), world, applicant, which)
    assert page.locator("[data-print-action] button").is_visible()
    page.emulate_media(media="print")
    assert page.locator("h1").is_visible()
    for selector in (".site-nav", ".header-tools", ".site-footer form", "form", ".map-component",
                     "[data-print-action]", "button"):
        assert all(not el.is_visible() for el in page.locator(selector).all()), selector
    pdf = page.pdf(format="A4")
    assert pdf.startswith(b"%PDF") and len(pdf) > 2000


PRINT_CALLS = "window.__printed = 0; window.print = () => { window.__printed += 1; };"


@pytest.mark.parametrize(("which", "lang", "senior", "label", "least"), [
    ("canteen", "zh", False, "打印本页", 24), ("project", "en", False, "Print this page", 24),
    ("application", "en", True, "Print this page", 44), ("canteen", "zh", True, "打印本页", 44),
])
def test_the_print_button_prints_the_page(open_context, world, applicant, which, lang, senior, label, least):
    """With JavaScript: a labelled button, a large enough target (44 px in senior mode, 24 px
    otherwise; on a phone), which opens the browser's print dialog (window.print)."""
    ctx = open_context(lang=lang, viewport="phone", senior=senior)
    ctx.context.add_init_script(PRINT_CALLS)
    page = open_printed(ctx, world, applicant, which)
    button = page.get_by_role("button", name=label, exact=True)
    assert button.is_visible()
    box = button.bounding_box()
    assert box["height"] >= least and box["width"] >= least, box
    button.click()
    assert page.evaluate("window.__printed") == 1
    assert page.locator("h1").is_visible()  # printing does not leave the page


@pytest.mark.parametrize("which", PRINTED)
def test_without_javascript_there_is_no_print_button(open_context, world, applicant, which):
    page = open_printed(open_context(lang="en", viewport="phone", javascript=False), world, applicant, which)
    assert page.locator("h1").is_visible()
    assert page.locator("[data-print-action]").count() == 1  # in the page, hidden
    assert not page.locator("[data-print-action]").is_visible()
    assert page.get_by_role("button", name="Print this page").count() == 0
