"""Cached public pages and list APIs (issue 9): a change an official makes through a service
or the admin is visible on the very next request, in both languages; per-visitor parts of a
page (CSRF tokens, the signed-in user) are never shared.

Changes run inside ``django_capture_on_commit_callbacks(execute=True)`` so the after-commit
invalidation runs as it does in production."""

import re
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.test import Client

from apps.charging.models import ChargePointStatus
from apps.charging.services import charge_point_status_report
from apps.places.services import facility_close, facility_soft_delete
from apps.projects.services import progress_update_post
from tests.canteens.factories import CanteenFactory, full_canteen
from tests.charging.factories import station_with_piles
from tests.otp import staff_login
from tests.parks.factories import ParkFactory
from tests.projects.factories import ProjectFactory

pytestmark = pytest.mark.django_db


def without_tokens(page: str) -> str:
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", page)


def html(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.content.decode()


@pytest.fixture
def official(staff_user):
    """Back-office staff with the facility permissions (no data-reveal permission, so no
    two-factor step)."""
    from django.contrib.auth.models import Permission

    staff_user.user_permissions.set(Permission.objects.filter(content_type__app_label__in=["canteens", "places"]))
    client = Client()
    staff_login(client, staff_user)
    return client


def test_a_second_anonymous_request_is_served_from_the_cache(client, django_assert_num_queries):
    full_canteen(name="缓存食堂")
    html(client.get("/canteens/"))
    with django_assert_num_queries(0):
        assert "缓存食堂" in html(client.get("/canteens/"))
    with django_assert_num_queries(0):
        assert "缓存食堂" in html(Client().get("/canteens/"))  # another visitor, same page


@pytest.mark.parametrize("url", ["/canteens/", "/api/v1/canteens/"])
def test_canteen_renamed_in_the_admin_is_visible_at_once(url, client, official, django_capture_on_commit_callbacks):
    canteen = CanteenFactory(name="旧名食堂", name_en="Old Name Canteen")
    assert "旧名食堂" in html(client.get(url))
    assert "Old Name Canteen" in html(client.get(url, HTTP_ACCEPT_LANGUAGE="en"))
    data = {f.name: getattr(canteen, f.attname) for f in canteen._meta.concrete_fields}
    with django_capture_on_commit_callbacks(execute=True):
        # exactly what ModelAdmin.save_model does with the change form's instance
        canteen.name, canteen.name_en = "新名食堂", "New Name Canteen"
        canteen.save()
    assert data["name"] == "旧名食堂"
    zh, en = html(client.get(url)), html(client.get(url, HTTP_ACCEPT_LANGUAGE="en"))
    assert "新名食堂" in zh and "旧名食堂" not in zh
    assert "New Name Canteen" in en and "Old Name Canteen" not in en


@pytest.mark.parametrize("url", ["/canteens/", "/api/v1/canteens/"])
def test_canteen_closed_by_the_admin_action_leaves_the_list_at_once(url, client, official, django_capture_on_commit_callbacks):
    canteen = CanteenFactory(name="将关闭食堂")
    assert "将关闭食堂" in html(client.get(url))
    with django_capture_on_commit_callbacks(execute=True):
        response = official.post("/admin/canteens/canteen/", {
            "action": "close", "_selected_action": [canteen.pk], "confirmed": "yes",
        })
    assert response.status_code == 302
    canteen.refresh_from_db()
    assert canteen.status == "closed"
    assert "将关闭食堂" not in html(client.get(url))


def test_canteen_detail_follows_the_service(client, django_capture_on_commit_callbacks):
    canteen = full_canteen(name="详情食堂")
    assert "详情食堂" in html(client.get(f"/canteens/{canteen.pk}/"))
    with django_capture_on_commit_callbacks(execute=True):
        facility_close(facility=canteen)
    assert client.get(f"/canteens/{canteen.pk}/").status_code == 404


def test_charging_status_report_is_visible_at_once_on_the_station_page(client, django_capture_on_commit_callbacks):
    station = station_with_piles(piles=(("gbt_dc", "dc", 120),))
    point = station.charge_points.get()
    url = f"/charging/{station.pk}/"
    assert "1 of 1 piles free" in html(client.get(url, HTTP_ACCEPT_LANGUAGE="en"))
    with django_capture_on_commit_callbacks(execute=True):
        charge_point_status_report(charge_point=point, status=ChargePointStatus.CHARGING)
    assert "0 of 1 piles free" in html(client.get(url, HTTP_ACCEPT_LANGUAGE="en"))
    assert client.get(f"/api/v1/charging-stations/{station.pk}/").json()["points_available"] == 0


@pytest.fixture
def clock(monkeypatch):
    """The cache's minute, under the test's control."""
    import datetime as dt

    from django.utils import timezone

    real_localtime = timezone.localtime
    now = {"now": timezone.make_aware(dt.datetime(2026, 11, 26, 10, 59, 10))}
    monkeypatch.setattr("django.utils.timezone.localtime",
                        lambda value=None, timezone=None: real_localtime(now["now"] if value is None else value, timezone))
    return now


@pytest.mark.parametrize("url", ["/charging/", "/api/v1/charging-stations/", "/"])
def test_charging_status_reports_reach_the_lists_within_the_minute_without_rebuilding_them(
    url, client, clock, django_capture_on_commit_callbacks, django_assert_num_queries,
):
    """Operators report pile status many times a minute: each report must not rebuild every
    charging list (it would on nearly every request), so lists show availability as of the
    minute; an official's change still shows at once (the tests above)."""
    import datetime as dt

    station = station_with_piles(name="遥测充电站", piles=(("gbt_dc", "dc", 120),))
    point = station.charge_points.get()
    before = html(client.get(url, HTTP_ACCEPT_LANGUAGE="en"))
    with django_capture_on_commit_callbacks(execute=True):
        charge_point_status_report(charge_point=point, status=ChargePointStatus.CHARGING)
    with django_assert_num_queries(0):  # served from the cache: the report did not invalidate it
        same_minute = html(client.get(url, HTTP_ACCEPT_LANGUAGE="en"))
    assert without_tokens(same_minute) == without_tokens(before)
    if url == "/":
        return  # the dashboard shows no pile status: the point is that it was not rebuilt
    clock["now"] += dt.timedelta(minutes=1)
    after = html(client.get(url, HTTP_ACCEPT_LANGUAGE="en"))
    if url.startswith("/api/"):
        assert '"points_available":1' in before.replace(" ", "")
        assert '"points_available":0' in after.replace(" ", "")
    else:
        assert "1 of 1 piles free" in before and "0 of 1 piles free" in after
        assert "Free piles as of" in after


@pytest.mark.parametrize("url", ["/parks/", "/api/v1/parks/"])
def test_park_deleted_through_the_service_leaves_the_list_at_once(url, client, django_capture_on_commit_callbacks):
    park = ParkFactory(name="将删除公园")
    assert "将删除公园" in html(client.get(url))
    with django_capture_on_commit_callbacks(execute=True):
        facility_soft_delete(facility=park)
    assert "将删除公园" not in html(client.get(url))


@pytest.mark.parametrize("url", ["/", "/projects/", "/api/v1/projects/", "project-page"])
def test_progress_update_is_visible_at_once(url, client, staff_user, django_capture_on_commit_callbacks):
    project = ProjectFactory(title="缓存测试项目", target_quantity=Decimal(200), achieved_quantity=Decimal(0),
                             is_headline=True)
    if url == "project-page":
        url = f"/projects/{project.pk}/"
    before = html(client.get(url))
    assert "缓存测试项目" in before
    with django_capture_on_commit_callbacks(execute=True):
        progress_update_post(project=project, actor=staff_user, note="过半", achieved_quantity=Decimal(150))
    after = html(client.get(url))
    assert after != before
    assert "75" in after  # 150 of 200


def test_project_added_in_the_admin_is_listed_at_once(client, django_capture_on_commit_callbacks):
    ProjectFactory(title="第一个项目")
    assert "第二个项目" not in html(client.get("/projects/"))
    assert "第二个项目" not in html(client.get("/api/v1/projects/"))
    with django_capture_on_commit_callbacks(execute=True):
        ProjectFactory(title="第二个项目")
    assert "第二个项目" in html(client.get("/projects/"))
    assert "第二个项目" in html(client.get("/api/v1/projects/"))


def test_query_parameters_and_languages_are_cached_apart(client):
    CanteenFactory(name="甲食堂", name_en="Canteen A")
    CanteenFactory(name="乙食堂", name_en="Canteen B")
    a = html(client.get("/canteens/?search=甲"))
    b = html(client.get("/canteens/?search=乙"))
    assert "甲食堂" in a and "乙食堂" not in a
    assert "乙食堂" in b and "甲食堂" not in b
    en = html(client.get("/canteens/?search=甲", HTTP_ACCEPT_LANGUAGE="en"))
    assert "Canteen A" in en and '<html lang="en">' in en
    assert '<html lang="zh-Hans">' in html(client.get("/canteens/?search=甲"))
    api_a = client.get("/api/v1/canteens/?search=甲").json()
    api_b = client.get("/api/v1/canteens/?search=乙").json()
    assert [r["name"] for r in api_a["results"]] == ["甲食堂"]
    assert [r["name"] for r in api_b["results"]] == ["乙食堂"]


def test_invalid_filters_stay_400_when_cached(client):
    CanteenFactory()
    assert client.get("/canteens/?street=not-a-number").status_code == 400
    assert client.get("/canteens/?street=not-a-number").status_code == 400
    assert client.get("/api/v1/canteens/?street=not-a-number").status_code == 400
    assert client.get("/api/v1/canteens/?street=not-a-number").status_code == 400


def test_each_visitor_gets_their_own_csrf_token_and_it_works():
    CanteenFactory()
    pages = []
    for _ in range(2):
        visitor = Client(enforce_csrf_checks=True)
        page = html(visitor.get("/canteens/"))
        token = page.split('name="csrfmiddlewaretoken" value="', 1)[1].split('"', 1)[0]
        assert "\x00" not in page
        pages.append(token)
        # the cached page's token is valid with the cookie this visitor was given
        response = visitor.post("/i18n/setlang/", {"language": "en", "next": "/canteens/",
                                                   "csrfmiddlewaretoken": token})
        assert response.status_code == 302
    assert pages[0] != pages[1]


def test_signed_in_visitor_never_gets_or_leaves_a_shared_header(client, user, django_capture_on_commit_callbacks):
    project = ProjectFactory(title="关注测试项目")
    anonymous_before = html(client.get(f"/projects/{project.pk}/"))
    signed_in = Client()
    staff_login(signed_in, user)
    mine = html(signed_in.get(f"/projects/{project.pk}/"))
    assert user.username in mine and 'action="/projects/' in mine  # their follow form
    anonymous_after = html(Client().get(f"/projects/{project.pk}/"))
    assert user.username not in anonymous_after
    assert 'name="action" value="follow"' not in anonymous_after
    assert user.username not in anonymous_before
    for url in ("/", "/canteens/", "/projects/"):
        assert user.username in html(signed_in.get(url))
        assert user.username not in html(Client().get(url))


def test_follow_is_visible_to_the_follower_and_in_the_count(client, user):
    project = ProjectFactory(title="关注计数项目")
    signed_in = Client()
    staff_login(signed_in, user)
    assert "0 people follow" in html(client.get(f"/projects/{project.pk}/", HTTP_ACCEPT_LANGUAGE="en"))
    signed_in.post(f"/projects/{project.pk}/follow/", {"action": "follow"})
    assert "You follow this project" in html(signed_in.get(f"/projects/{project.pk}/", HTTP_ACCEPT_LANGUAGE="en"))
    assert "1 person follows" in html(client.get(f"/projects/{project.pk}/", HTTP_ACCEPT_LANGUAGE="en"))


def test_data_versions_survive_an_evicted_version_key(client):
    CanteenFactory(name="版本食堂")
    assert "版本食堂" in html(client.get("/api/v1/canteens/"))
    cache.delete_many([f"ns-version:{n}" for n in ("places", "canteens")])
    assert "版本食堂" in html(client.get("/api/v1/canteens/"))


def test_open_now_follows_the_clock_minute_by_minute(client, monkeypatch):
    """Lists say what is open now: a cached list is rebuilt in the next minute."""
    import datetime as dt

    from django.utils import timezone

    from apps.places.models import OpeningHours

    canteen = CanteenFactory(name="午餐食堂")
    for day in range(7):
        OpeningHours.objects.create(facility=canteen, weekday=day, opens=dt.time(11), closes=dt.time(13))
    real_localtime = timezone.localtime
    clock = {"now": timezone.make_aware(dt.datetime(2026, 11, 26, 10, 59, 30))}

    def localtime(value=None, timezone=None):
        return real_localtime(clock["now"] if value is None else value, timezone)

    monkeypatch.setattr("django.utils.timezone.localtime", localtime)
    before = html(client.get("/canteens/", HTTP_ACCEPT_LANGUAGE="en"))
    assert "tag-closed" in before and "tag-open" not in before
    clock["now"] += dt.timedelta(seconds=20)  # 10:59:50, same minute: served from the cache
    same_minute = html(client.get("/canteens/", HTTP_ACCEPT_LANGUAGE="en"))
    assert without_tokens(same_minute) == without_tokens(before)
    clock["now"] += dt.timedelta(seconds=15)  # 11:00:05
    after = html(client.get("/canteens/", HTTP_ACCEPT_LANGUAGE="en"))
    assert "tag-open" in after and "tag-closed" not in after
    api = client.get("/api/v1/canteens/").json()["results"][0]
    assert api["open_now"] is True


def test_only_one_process_rebuilds_when_the_minute_moves_on(client, monkeypatch):
    """At each full minute one request rebuilds a busy list; the others get the previous
    minute's copy meanwhile (a data change, by contrast, is never served stale)."""
    import datetime as dt

    from django.utils import timezone

    CanteenFactory(name="整点食堂")
    real_localtime = timezone.localtime
    clock = {"now": timezone.make_aware(dt.datetime(2026, 11, 26, 10, 59, 30))}
    monkeypatch.setattr("django.utils.timezone.localtime",
                        lambda value=None, timezone=None: real_localtime(clock["now"] if value is None else value, timezone))
    html(client.get("/api/v1/canteens/"))
    clock["now"] += dt.timedelta(minutes=1)
    real_add = cache.add

    def add(key, *args, **kwargs):  # another worker holds the rebuild lock
        return False if key.endswith(":rebuilding") else real_add(key, *args, **kwargs)

    monkeypatch.setattr(cache, "add", add)
    monkeypatch.setattr("apps.canteens.api.CanteenListApi.get_queryset",
                        lambda self: pytest.fail("rebuilt although another process holds the lock"))
    assert "整点食堂" in html(client.get("/api/v1/canteens/"))
    monkeypatch.undo()
    CanteenFactory(name="新开食堂")  # a data change is not served stale, lock or not
    assert "新开食堂" in html(client.get("/api/v1/canteens/"))


def test_the_browsable_api_page_is_never_shared(user):
    """A browser asking for the API gets DRF's HTML page, which names the signed-in user and
    carries a CSRF token: only JSON bodies are cached."""
    CanteenFactory()
    signed_in = Client()
    staff_login(signed_in, user)
    mine = signed_in.get("/api/v1/canteens/", HTTP_ACCEPT="text/html")
    assert mine.status_code == 200 and user.username in mine.content.decode()
    anonymous = Client().get("/api/v1/canteens/", HTTP_ACCEPT="text/html").content.decode()
    assert user.username not in anonymous
    assert Client().get("/api/v1/canteens/").json()["count"] == 1
