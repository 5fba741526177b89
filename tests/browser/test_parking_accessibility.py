"""Parking and accessibility sites on a phone (issue 20), in Chinese and English:

- the car-park list shows each car park's free spaces as of the minute (with the report's
  time), a car park's page the live count, and the page follows a new operator report at once;
- the accessibility list and a site's page (its type, condition and the facility it serves);
- "accessible entrance or toilet nearby" (``accessible=1``) on another kind's list (canteens):
  the canteen with an accessible toilet 40 m away stays, the one without goes; the filter is a
  checkbox of the list's form and works without JavaScript.

Each page: no serious or critical axe-core violation, no horizontal scroll, no console error.
"""

import pytest
from django.utils import timezone

from apps.accessibility.models import Condition, SiteType
from apps.parking.models import CarParkType
from apps.parking.services import free_spaces_report
from tests.browser import data
from tests.browser.helpers import assert_accessible, assert_no_horizontal_scroll, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

VARIANTS = [("zh", "phone"), ("en", "phone")]
UNKNOWN = {"zh": "未知", "en": "unknown"}  # a car park without a fresh report


def _world():
    from tests.accessibility.factories import SiteFactory
    from tests.parking.factories import CarParkFactory

    world = data.world("canteens")
    lat, lon = data.offset(80, 60)
    gutian = CarParkFactory(name="古田公园地下停车场", name_en="Gutian Park underground car park", lat=lat, lon=lon,
                            community=world.community, car_park_type=CarParkType.UNDERGROUND, spaces_total=474,
                            accessible_spaces=10, ev_spaces=20)
    data.always_open(gutian)
    lat, lon = data.offset(-200, 100)
    silent = CarParkFactory(name="荣华街路边停车", name_en="Ronghua Street on-street parking", lat=lat, lon=lon,
                            community=world.community, car_park_type=CarParkType.ON_STREET, spaces_total=30)
    free_spaces_report(car_park=gutian, free_spaces=120, reported_at=timezone.now() - timezone.timedelta(minutes=2))
    # an accessible toilet 40 m from the open canteen; none near the closed one (170 m north)
    canteen = world.canteens["open"]
    lat, lon = data.offset(0, 490)
    toilet = SiteFactory(name="荣华幸福食堂无障碍卫生间", name_en="Ronghua Happiness Canteen accessible toilet",
                         site_type=SiteType.ACCESSIBLE_TOILET, condition=Condition.GOOD, serves_facility=canteen,
                         community=world.community, lat=lat, lon=lon, accessibility=[])
    return world, gutian, silent, toilet


def _checked(page, label):
    assert_no_horizontal_scroll(page)
    assert_accessible(page, label)
    assert page.locator("h1").count() == 1


@pytest.mark.parametrize(("lang", "viewport"), VARIANTS, ids=[f"{lang}-{vp}" for lang, vp in VARIANTS])
def test_car_parks_free_spaces_list_and_live_page(open_context, live_server, lang, viewport):
    world, gutian, silent, _toilet = _world()
    name = gutian.name_en if lang == "en" else gutian.name
    ctx = open_context(lang=lang, viewport=viewport)
    page = ctx.new_page()

    page.goto("/parking/", wait_until="load")
    _checked(page, "parking list")
    card = page.locator("li.card", has_text=name)
    text = card.inner_text()
    reported = timezone.localtime(gutian.free_spaces_reported_at).strftime("%H:%M")
    assert "120" in text and "474" in text and reported in text, text  # as of the report's minute
    silent_card = page.locator("li.card", has_text=silent.name_en if lang == "en" else silent.name)
    assert UNKNOWN[lang] in silent_card.inner_text().lower()
    screenshot(page, "parking-list", lang, viewport)

    card.locator("h2 a").click()
    page.wait_for_load_state("load")
    assert page.url.endswith(f"/parking/{gutian.pk}/")
    _checked(page, "car park page")
    status = page.locator("main [role=status]").first.inner_text()
    assert "120" in status and "474" in status, status
    screenshot(page, "parking-detail", lang, viewport)

    # the operator reports: the car park's page shows the new count at once (live)
    free_spaces_report(car_park=gutian, free_spaces=87)
    page.reload(wait_until="load")
    status = page.locator("main [role=status]").first.inner_text()
    assert "87" in status and "120" not in status, status


@pytest.mark.parametrize(("lang", "viewport"), VARIANTS, ids=[f"{lang}-{vp}" for lang, vp in VARIANTS])
def test_accessibility_sites_and_the_accessible_filter(open_context, live_server, lang, viewport):
    world, _gutian, _silent, toilet = _world()
    ctx = open_context(lang=lang, viewport=viewport)
    page = ctx.new_page()

    page.goto("/accessibility/", wait_until="load")
    _checked(page, "accessibility list")
    site_name = toilet.name_en if lang == "en" else toilet.name
    page.locator("li.card h2 a", has_text=site_name).click()
    page.wait_for_load_state("load")
    assert page.url.endswith(f"/accessibility/{toilet.pk}/")
    _checked(page, "accessibility site page")
    canteen = world.canteens["open"]
    serves = page.locator("main a", has_text=canteen.name_en if lang == "en" else canteen.name)
    assert serves.first.get_attribute("href") == f"/canteens/{canteen.pk}/"
    screenshot(page, "accessibility-detail", lang, viewport)

    # another kind's list: tick "accessible entrance or toilet nearby" and submit the form
    page.goto("/canteens/", wait_until="load")
    names = {c.name_en if lang == "en" else c.name for c in world.canteens.values()}
    listed = set(page.locator("li.card h2 a").all_inner_texts())
    assert names <= listed
    page.locator("input[name=accessible]").check()
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_load_state("load")
    assert "accessible=" in page.url
    _checked(page, "canteens, accessible nearby")
    listed = set(page.locator("li.card h2 a").all_inner_texts())
    assert listed == {canteen.name_en if lang == "en" else canteen.name}, listed
    screenshot(page, "canteens-accessible", lang, viewport)


def test_the_accessible_filter_works_without_javascript(open_context, live_server):
    world, _gutian, _silent, _toilet = _world()
    page = open_context(lang="zh", viewport="phone", javascript=False).new_page()
    page.goto("/canteens/?accessible=1", wait_until="load")
    assert set(page.locator("li.card h2 a").all_inner_texts()) == {world.canteens["open"].name}
    assert page.locator("input[name=accessible]").is_checked()
