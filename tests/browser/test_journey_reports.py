"""Journey: on a phone, a resident opens a charging station's page, taps "report a problem
with this charging station", sends the pre-filled form (with a contact that must never be
shown), lands on the report's page and finds it in the public list. A second resident who
reports the same problem on the same station is offered the open report first and says
"me too" instead. Every page is checked with axe and for horizontal scrolling.

Journey 2 (the officials' side): a signed-in resident reports from the station page on a
phone; an official of the station's sub-district signs in to the back office on a desktop with
password and a TOTP code, finds the report in the queue (not another sub-district's),
acknowledges, answers and resolves it; the resident sees the answer and rates it
"dissatisfied", which sends it back once; resolved again, a second "dissatisfied" does not."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import translation

from apps.accounts import roles
from apps.places import registry
from apps.reports import services
from apps.reports.categories import categories_sync
from apps.reports.models import Report, Status
from tests.browser import data
from tests.browser.helpers import assert_accessible, assert_no_horizontal_scroll, path_of, press, screenshot
from tests.factories import CommunityFactory, SubDistrictFactory
from tests.otp import browser_two_factor, staff_device

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

VARIANTS = [("zh", "phone"), ("en", "phone")]
PHONE = "13912345678"
PASSWORD = "Qiaokou-Browser-2024!"


def check(page, label: str, lang: str) -> None:
    assert_accessible(page, label)
    assert_no_horizontal_scroll(page)
    screenshot(page, f"reports-{label}", lang, "phone")


def send_report(page, description: str, phone: str = "") -> Report:
    """On the report form (opened from a station's page): a charger out of order, sent."""
    page.locator("select[name=category]").select_option("charger-out-of-order")
    page.locator("textarea[name=description]").fill(description)
    if phone:
        page.locator("input[name=contact_phone]").fill(phone)
    press(page, "main form[enctype] button[type=submit]", keyboard=False)
    return Report.objects.get(description=description)


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

    report = send_report(page, "两个快充桩都显示故障，无法充电", phone=PHONE)
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


# --- journey 2: the official answers, the resident rates ---------------------------------------------
def sign_in(page, username: str) -> None:
    page.goto("/accounts/login/")
    page.locator("input[name=username]").fill(username)
    page.locator("input[name=password]").fill(PASSWORD)
    press(page, "main form button[type=submit]", keyboard=False)


def admin_sign_in(page, official, start: str) -> None:
    """Password, then a code from the official's authenticator (staff need both)."""
    page.goto(start)
    assert "/admin/login/" in page.url
    page.locator("#id_username").fill(official.username)
    page.locator("#id_password").fill(PASSWORD)
    with page.expect_navigation():
        page.locator("input[type=submit]").click()
    browser_two_factor(page, official)
    assert path_of(page) == start, page.url


def office_act(page, report, action: str, answer: str) -> None:
    """On the report's back-office page: an action link, the public answer, sent."""
    page.goto(f"/admin/reports/report/{report.pk}/change/")
    with page.expect_navigation():
        page.locator(f"a[href='/admin/reports/report/{report.pk}/act/{action}/']").click()
    page.locator("textarea[name=public_answer]").fill(answer)
    with page.expect_navigation():
        page.locator("#content form input[type=submit]").click()
    assert not page.locator(".errornote, .errorlist").all_inner_texts(), f"{action} refused"
    assert path_of(page) == f"/admin/reports/report/{report.pk}/change/"


def rate(page, report, rating: str, comment: str = "") -> None:
    page.goto(f"/reports/{report.pk}/")
    page.locator(f"input[name=rating][value={rating}]").check()
    if comment:
        page.locator("section[aria-labelledby=rate-heading] textarea[name=comment]").fill(comment)
    press(page, "section[aria-labelledby=rate-heading] button[type=submit]", keyboard=False)
    assert path_of(page) == f"/reports/{report.pk}/"


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_official_answers_and_the_resident_rates(open_context, live_server, lang):
    world = data.world("charging")
    categories_sync()
    station = world.stations["free_dc"]
    users = get_user_model()
    users.objects.create_user(username="reporter_hz", password=PASSWORD, email="reporter@example.com")
    official = users.objects.create_user(username="official_rp", password=PASSWORD, email="o@example.com",
                                         is_staff=True)
    official.groups.add(Group.objects.get(name=roles.OFFICIAL))
    official.sub_districts.add(station.community.sub_district_id)
    staff_device(official)  # staff sign in with a second factor
    far = SubDistrictFactory(code="T-FAR", name="远处街道", name_en="Far Sub-district")
    far_community = CommunityFactory(code="T-FAR-01", sub_district=far, lat=30.60, lon=114.20)
    elsewhere = services.report_submit(category="street-lighting", description="别的街道的路灯不亮（测试）",
                                       lat=far_community.lat, lon=far_community.lon)

    # the resident, signed in on a phone, reports from the station's page
    resident = open_context(lang=lang, viewport="phone").new_page()
    sign_in(resident, "reporter_hz")
    resident.goto(registry.detail_url(station.kind, station.pk))
    press(resident, f"a[href='/reports/new/?facility={station.pk}']", keyboard=False)
    report = send_report(resident, "充电枪插不进去，接口变形了")
    assert report.reporter.username == "reporter_hz" and report.sub_district_id == station.community.sub_district_id

    # the official: password and TOTP, the queue of their sub-district, acknowledge, answer, resolve
    office = open_context(lang=lang, viewport="desktop").new_page()
    admin_sign_in(office, official, "/admin/reports/report/")
    queue = office.locator("#result_list")
    assert queue.locator(f"a[href*='/admin/reports/report/{report.pk}/change/']").count() == 1
    assert queue.locator(f"a[href*='/admin/reports/report/{elsewhere.pk}/change/']").count() == 0
    # another sub-district's report is not theirs to see (asked with the page's cookies)
    assert office.request.get(f"/admin/reports/report/{elsewhere.pk}/change/").status == 404
    office_act(office, report, "acknowledge", "已受理，已通知运营商到场查看。")
    office_act(office, report, "answer", "运营商明天上午更换充电枪。")
    office_act(office, report, "resolve", "充电枪已更换，测试充电正常。")
    report.refresh_from_db()
    assert report.status == Status.RESOLVED and report.acknowledged_at is not None

    # the resident sees the answers and is dissatisfied: the report is open again, once
    resident.goto(f"/reports/{report.pk}/")
    history = resident.locator("section[aria-labelledby=history-heading]").inner_text()
    assert "充电枪已更换，测试充电正常。" in history and "运营商明天上午更换充电枪。" in history
    check(resident, "rate", lang)
    rate(resident, report, "dissatisfied", "还是充不上电")
    report.refresh_from_db()
    assert report.status == Status.IN_PROGRESS and report.reopen_count == 1
    assert resident.locator("section[aria-labelledby=rate-heading]").count() == 0
    check(resident, "reopened", lang)

    # the official looks again and resolves it; a second "dissatisfied" is kept, not reopened
    office_act(office, report, "resolve", "已更换整个充电模块，现场测试可正常充电。")
    rate(resident, report, "dissatisfied")
    report.refresh_from_db()
    assert report.status == Status.RESOLVED and report.reopen_count == 1 and report.rating == "dissatisfied"
    assert "已更换整个充电模块" in resident.locator("main").inner_text()
