"""Issue 19 in a real browser: nothing moves while a page loads (cumulative layout shift
under 0.05 on a phone, in both languages and in senior mode, maps included: their box is
reserved and Leaflet loads when they come into view), touch targets of the header are at
least 24 px, and a facility or project prints without navigation, forms or the map.

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


@pytest.mark.parametrize("which", ["canteen", "project"])
def test_pages_print_without_navigation_forms_or_map(open_context, world, which):
    page = open_context(lang="zh", viewport="desktop").new_page()
    page.goto(url_of(world.canteens["open"] if which == "canteen" else world.projects["lift"]))
    page.emulate_media(media="print")
    assert page.locator("h1").is_visible()
    for selector in (".site-nav", ".header-tools", "form", ".map-component"):
        assert all(not el.is_visible() for el in page.locator(selector).all()), selector
    pdf = page.pdf(format="A4")
    assert pdf.startswith(b"%PDF") and len(pdf) > 2000
