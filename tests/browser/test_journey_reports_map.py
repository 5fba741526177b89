"""Journeys of issue 17's resident side on a phone, in both languages: the public map of
problem reports (the filtered reports as points; without JavaScript the list is the page),
"tap the map to report" on the nearby map and on the reports map (the form opens with the
tapped point), and following / no longer following a report from its page. Every page is
checked with axe and for horizontal scrolling; the reports page for layout shifts too."""

import pytest
from django.contrib.auth import get_user_model
from django.utils import translation

from apps.reports import services
from apps.reports.models import Report, ReportFollow
from tests.browser import data
from tests.browser.helpers import assert_accessible, assert_no_horizontal_scroll, path_of, press, screenshot
from tests.browser.test_layout_and_print import RECORD_SHIFTS
from tests.factories import CommunityFactory, SubDistrictFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LANGS = ["zh", "en"]
PASSWORD = "Qiaokou-2026-follow"


def words(lang: str, text: str) -> str:
    with translation.override("en" if lang == "en" else "zh-hans"):
        return str(translation.gettext(text))


def check(page, label: str, lang: str) -> None:
    assert_accessible(page, label)
    assert_no_horizontal_scroll(page)
    screenshot(page, f"reports-map-{label}", lang, "phone")


def drawn_map(page, selector: str) -> None:
    """Scroll the lazily loaded map into view and wait for its markers."""
    page.locator(selector).scroll_into_view_if_needed()
    page.locator(f"{selector} .leaflet-marker-icon").first.wait_for()


def tap_empty_spot(page, selector: str) -> str:
    """Tap the map where no marker is until it offers its links; returns the tap link's href."""
    box = page.locator(selector).bounding_box()
    for fx, fy in ((0.85, 0.35), (0.15, 0.8), (0.5, 0.9), (0.85, 0.75), (0.3, 0.3)):
        page.touchscreen.tap(box["x"] + box["width"] * fx, box["y"] + box["height"] * fy)
        link = page.locator(f"{selector} a[data-tap='report-problem-here']")
        try:
            link.wait_for(timeout=2000)
        except Exception:  # noqa: BLE001 - a marker was hit: its own popup opened, try elsewhere
            continue
        # the popup fades in: axe reads its colours once it is fully there
        page.wait_for_function("""s => getComputedStyle(document.querySelector(s + ' .leaflet-popup')).opacity === '1'""",
                               arg=selector)
        return link.get_attribute("href")
    raise AssertionError("no tap on the map offered 'report a problem here'")


def other_street_report():
    street = SubDistrictFactory(code="T-HZ-X", name="六角亭街道", name_en="Liujiaoting Sub-district")
    lat, lon = data.offset(north_m=-900, east_m=700)
    CommunityFactory(code="T-LJ-01", name="六角亭社区", sub_district=street, lat=lat, lon=lon)
    return services.report_submit(category="litter", description="垃圾桶满了没人清（测试）", lat=lat, lon=lon)


@pytest.mark.parametrize("lang", LANGS)
def test_reports_map_shows_the_filtered_reports_and_taps_to_report(open_context, live_server, lang):
    world = data.world("reports")
    far = other_street_report()
    ctx = open_context(lang=lang, viewport="phone")
    page = ctx.new_page()
    page.add_init_script(RECORD_SHIFTS)

    page.goto("/reports/")
    drawn_map(page, "#report-map")
    names = sorted(page.eval_on_selector_all("#report-map .leaflet-marker-icon", "els => els.map(e => e.alt)"))
    assert [n.split(" ")[0] for n in names] == sorted(r.reference for r in Report.objects.all())
    page.evaluate("window.scrollTo(0, 0)")
    assert sum(s["value"] for s in page.evaluate("window.__shifts")) < 0.05, "the map's box is reserved"
    check(page, "list", lang)

    # the sub-district filter: the map shows that sub-district's reports only
    page.locator("select[name=street]").select_option(str(world.sub_district.pk))
    press(page, "form.filters button[type=submit]", keyboard=False)
    drawn_map(page, "#report-map")
    names = page.eval_on_selector_all("#report-map .leaflet-marker-icon", "els => els.map(e => e.alt.split(' ')[0])")
    assert sorted(names) == sorted(r.reference for r in world.reports.values()) and far.reference not in names
    # a marker's popup leads to the report's page
    page.locator("#report-map .leaflet-marker-icon").first.tap()
    popup_link = page.locator("#report-map .leaflet-popup-content a").first
    assert popup_link.get_attribute("href").startswith("/reports/")

    # tap elsewhere on the map: "report a problem here" opens the form with that point
    page.locator("#report-map .leaflet-popup-close-button").tap()
    href = tap_empty_spot(page, "#report-map")
    assert page.locator("#report-map a[data-tap]").inner_text() == words(lang, "Report a problem here")
    check(page, "tap", lang)
    page.locator("#report-map a[data-tap]").tap()
    page.wait_for_url("**/reports/new/**")
    lat, lon = (page.locator(f"input[name={n}]").input_value() for n in ("lat", "lon"))
    assert f"lat={lat}&lon={lon}&crs=wgs84" in href
    assert abs(float(lat) - data.HOME[0]) < 0.03 and abs(float(lon) - data.HOME[1]) < 0.03


@pytest.mark.parametrize("lang", LANGS)
def test_reports_without_javascript_are_the_list(open_context, live_server, lang):
    world = data.world("reports")
    page = open_context(lang=lang, viewport="phone", javascript=False).new_page()
    page.goto("/reports/")
    assert not page.locator("#report-map").is_visible(), "the map stays hidden without JavaScript"
    for report in world.reports.values():
        assert page.locator(f"#report-list a[href='/reports/{report.pk}/']").count() == 1
    screenshot(page, "reports-map-nojs", lang, "phone")  # (axe needs JavaScript: the same page is checked above)


@pytest.mark.parametrize("lang", LANGS)
def test_tapping_the_nearby_map_opens_the_prefilled_form(open_context, live_server, lang):
    data.world("charging", "reports")
    page = open_context(lang=lang, viewport="phone").new_page()
    lat, lon = data.HOME
    page.goto(f"/nearby/?lat={lat}&lon={lon}&radius=1000")
    drawn_map(page, "#nearby-map")
    href = tap_empty_spot(page, "#nearby-map")
    check(page, "nearby-tap", lang)
    page.locator("#nearby-map a[data-tap]").tap()
    page.wait_for_url("**/reports/new/**")
    assert path_of(page) == "/reports/new/"
    tapped = (page.locator("input[name=lat]").input_value(), page.locator("input[name=lon]").input_value())
    assert f"lat={tapped[0]}&lon={tapped[1]}&crs=wgs84" in href
    assert abs(float(tapped[0]) - lat) < 0.02 and abs(float(tapped[1]) - lon) < 0.02
    # the resident sends it: the report is where they tapped
    page.locator("select[name=category]").select_option("street-lighting")
    page.locator("textarea[name=description]").fill("这里晚上没有路灯（测试）")
    press(page, "main form[enctype] button[type=submit]", keyboard=False)
    report = Report.objects.get(description="这里晚上没有路灯（测试）")
    assert path_of(page) == f"/reports/{report.pk}/"
    assert (f"{report.lat:.6f}", f"{report.lon:.6f}") == tapped


@pytest.mark.parametrize("lang", LANGS)
def test_follow_and_stop_following_a_report(open_context, live_server, lang):
    world = data.world("reports")
    report = world.reports["open"]
    resident = get_user_model().objects.create_user(username="follower", password=PASSWORD,
                                                    email="follower@example.com")
    page = open_context(lang=lang, viewport="phone").new_page()
    page.goto(f"/reports/{report.pk}/")
    sign_in = page.locator("#follow-heading + p a")
    assert sign_in.inner_text() == words(lang, "Sign in to follow this report")
    assert page.locator(f"form[action='/reports/{report.pk}/follow/']").count() == 0
    check(page, "anonymous", lang)

    press(page, "#follow-heading + p a", keyboard=False)
    page.locator("input[name=username]").fill("follower")
    page.locator("input[name=password]").fill(PASSWORD)
    press(page, "main form button[type=submit]", keyboard=False)
    assert path_of(page) == f"/reports/{report.pk}/", "back to the report after signing in"

    follow = f"form[action='/reports/{report.pk}/follow/'] button"
    assert page.locator(follow).inner_text() == words(lang, "Follow")
    press(page, follow, keyboard=False)
    assert path_of(page) == f"/reports/{report.pk}/"
    assert ReportFollow.objects.filter(report=report, user=resident).exists()
    assert page.locator(".messages").inner_text().strip() == words(
        lang, "You now follow this report: each answer will reach you as a notice.")
    assert page.locator(follow).inner_text() == words(lang, "Stop following")
    check(page, "following", lang)

    press(page, follow, keyboard=False)
    assert not ReportFollow.objects.filter(report=report, user=resident).exists()
    assert page.locator(follow).inner_text() == words(lang, "Follow")
