"""Journey: on a phone, a resident opens a charging station's page, taps "report a problem
with this charging station", sends the pre-filled form (with a contact that must never be
shown), lands on the report's page and finds it in the public list. A second resident who
reports the same problem on the same station is offered the open report first and says
"me too" instead. Every page is checked with axe and for horizontal scrolling."""

import pytest
from django.utils import translation

from apps.places import registry
from apps.reports.categories import categories_sync
from apps.reports.models import Report
from tests.browser import data
from tests.browser.helpers import assert_accessible, assert_no_horizontal_scroll, path_of, press, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

VARIANTS = [("zh", "phone"), ("en", "phone")]
PHONE = "13912345678"


def check(page, label: str, lang: str) -> None:
    assert_accessible(page, label)
    assert_no_horizontal_scroll(page)
    screenshot(page, f"reports-{label}", lang, "phone")


@pytest.mark.parametrize(("lang", "viewport"), VARIANTS, ids=[f"{lang}-{vp}" for lang, vp in VARIANTS])
def test_report_a_problem_from_a_charger_page(open_context, live_server, lang, viewport):
    world = data.world("charging")
    categories_sync()
    station = world.stations["free_dc"]
    ctx = open_context(lang=lang, viewport=viewport)
    page = ctx.new_page()
    with translation.override("en" if lang == "en" else "zh-hans"):
        link_text = "Report a problem with this charging station" if lang == "en" else "反映这个充电站的问题"

    page.goto(registry.detail_url(station.kind, station.pk))
    link = page.locator(f"a[href='/reports/new/?facility={station.pk}']")
    assert link.inner_text().strip() == link_text
    press(page, f"a[href='/reports/new/?facility={station.pk}']", keyboard=False)
    assert path_of(page) == "/reports/new/"
    assert page.locator("input[name=facility]").input_value() == str(station.pk)
    options = page.eval_on_selector_all("select[name=category] option", "os => os.map(o => o.value)")
    assert "charger-out-of-order" in options and "canteen-closed" not in options
    check(page, "form", lang)

    page.locator("select[name=category]").select_option("charger-out-of-order")
    page.locator("textarea[name=description]").fill("两个快充桩都显示故障，无法充电")
    page.locator("input[name=contact_phone]").fill(PHONE)
    press(page, "main form[enctype] button[type=submit]", keyboard=False)
    report = Report.objects.get()
    assert path_of(page) == f"/reports/{report.pk}/"
    assert report.facility_id == station.pk and report.contact_phone == PHONE
    assert page.locator(".messages").count() == 1
    assert "两个快充桩都显示故障" in page.locator("main").inner_text()
    assert PHONE not in page.content()
    check(page, "detail", lang)

    press(page, "nav.site-nav a[href='/reports/']", keyboard=False)
    card = page.locator(f"#report-list a[href='/reports/{report.pk}/']")
    assert card.count() == 1
    assert PHONE not in page.content()
    check(page, "list", lang)

    # another resident, same problem on the same station: "me too" is offered first
    other = open_context(lang=lang, viewport=viewport).new_page()
    other.goto(f"/reports/new/?facility={station.pk}")
    other.locator("select[name=category]").select_option("charger-out-of-order")
    other.locator("textarea[name=description]").fill("这里的充电桩坏了")
    press(other, "main form[enctype] button[type=submit]", keyboard=False)
    assert path_of(other) == "/reports/new/"
    assert other.locator("#duplicates-heading").count() == 1
    check(other, "duplicates", lang)
    press(other, f"form[action='/reports/{report.pk}/support/'] button", keyboard=False)
    assert path_of(other) == f"/reports/{report.pk}/"
    report.refresh_from_db()
    assert report.supporters_count == 1 and Report.objects.count() == 1
