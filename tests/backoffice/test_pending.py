"""The pending-work admin home (issue 7): who sees what, counts, links, constant queries."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from apps.backoffice.pending import pending_work
from apps.charging.models import ChargePoint
from apps.housing_swap.models import Application
from apps.notices.models import Notice
from tests.projects.factories import MilestoneFactory

from .rows import ROW_MAKERS, ensure_roles, make_staff, staff_login, two_sub_districts

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def _counts(user) -> dict[str, int]:
    return {item.key: item.count for item in pending_work(user)}


def _overdue_project(sub_district, *, done=False):
    project = ROW_MAKERS["projects.project"](sub_district)
    MilestoneFactory(project=project, planned_date=TODAY - dt.timedelta(days=3),
                     actual_date=TODAY if done else None)
    MilestoneFactory(project=project, planned_date=TODAY + dt.timedelta(days=3))
    return project


def _point(sub_district, status, hours_ago):
    point = ROW_MAKERS["charging.chargepoint"](sub_district)
    ChargePoint.objects.filter(pk=point.pk).update(
        status=status, status_reported_at=timezone.now() - dt.timedelta(hours=hours_ago))
    return point


def _failed_notice(days_ago, status="failed_permanent"):
    notice = ROW_MAKERS["notices.notice"](None)
    Notice.objects.filter(pk=notice.pk).update(status=status, created_at=timezone.now() - dt.timedelta(days=days_ago))
    return notice


@pytest.fixture
def world():
    ensure_roles()
    sub_a, sub_b = two_sub_districts()
    reviewer = make_staff("reviewer")
    apps = [ROW_MAKERS["housing_swap.application"](None) for _ in range(4)]
    Application.objects.filter(pk=apps[0].pk).update(assigned_reviewer=reviewer)
    Application.objects.filter(pk=apps[1].pk).update(assigned_reviewer=make_staff("reviewer"))
    Application.objects.filter(pk=apps[2].pk).update(status="draft")  # not in the queue
    _overdue_project(sub_a)
    _overdue_project(sub_a, done=True)
    _overdue_project(sub_b)
    _point(sub_a, "out_of_order", hours_ago=5)
    _point(sub_a, "out_of_order", hours_ago=0.5)  # not for too long yet
    _point(sub_a, "available", hours_ago=5)
    _point(sub_b, "unknown", hours_ago=5)
    _failed_notice(1)
    _failed_notice(30)  # too old
    _failed_notice(1, status="sent")
    ROW_MAKERS["reports.report"](sub_a)  # past both deadlines as soon as it is made
    ROW_MAKERS["reports.report"](sub_b)
    return {"sub_a": sub_a, "sub_b": sub_b, "reviewer": reviewer}


def test_each_role_sees_only_the_work_it_may_see(world):
    assert _counts(world["reviewer"]) == {"applications_mine": 1, "applications_unassigned": 1}
    assert _counts(make_staff("official", sub_district=world["sub_a"])) == {
        "projects_overdue": 1, "charge_points_error": 1,
        "reports_overdue": 1, "reports_acknowledge_overdue": 1}  # issue 17: their sub-district's reports
    assert _counts(make_staff("administrator")) == {
        "projects_overdue": 2, "charge_points_error": 2, "notices_failed": 1,
        "document_access_alerts": 0,  # issue 18 item 2: bulk access to housing-swap documents
        "reports_overdue": 2, "reports_acknowledge_overdue": 2}
    auditor = _counts(make_staff("auditor"))
    assert auditor["applications_unassigned"] == 1 and auditor["notices_failed"] == 1
    assert _counts(make_staff("resident")) == {}


def test_links_open_the_same_rows_in_the_change_list(client, world):
    administrator = make_staff("administrator")
    staff_login(client, administrator)
    for item in pending_work(administrator):
        response = client.get(item.url)
        assert response.status_code == 200, item
        changelist = response.context["cl"]
        if item.key == "projects_overdue":  # the link lists the overdue milestones
            assert {m.project_id for m in changelist.queryset} and changelist.result_count == 2
        else:
            assert changelist.result_count == item.count, item
    staff_login(client, world["reviewer"])
    for item in pending_work(world["reviewer"]):
        assert client.get(item.url).context["cl"].result_count == item.count, item


def test_the_admin_home_shows_the_pending_work_in_chinese(client, world):
    staff_login(client, world["reviewer"])
    page = client.get("/admin/")
    html = page.content.decode()
    assert page.status_code == 200
    assert 'aria-labelledby="pending-work-title"' in html
    assert "待办" in html  # the section title, Chinese by default
    assert "/admin/housing_swap/application/?waiting=mine" in html


def test_a_user_with_nothing_to_see_gets_the_plain_home(client):
    ensure_roles()
    staff_login(client, make_staff("resident"))
    assert "pending-work-title" not in client.get("/admin/").content.decode()


def test_query_count_does_not_grow_with_the_data(world, django_assert_max_num_queries):
    pending_work(make_staff("auditor"))  # warm caches shared by all (content types)
    auditor = make_staff("auditor")
    with CaptureQueriesContext(connection) as few:
        pending_work(auditor)
    assert len(few) <= 8  # permissions (2), groups (1), one count per kind of work (5)
    for _ in range(5):
        _overdue_project(world["sub_a"])
        _point(world["sub_a"], "out_of_order", hours_ago=5)
        _failed_notice(2)
        ROW_MAKERS["housing_swap.application"](None)
    auditor = make_staff("auditor")
    with django_assert_max_num_queries(len(few)):
        pending_work(auditor)
    official = make_staff("official", sub_district=world["sub_a"])
    with django_assert_max_num_queries(len(few) + 1):  # + the official's sub-districts
        pending_work(official)
