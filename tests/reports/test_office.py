"""The officials' side (issue 17): routing rules and operators, the scoped back-office queue
with its actions through services, transfers and reveals in the audit log, the operator API."""

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.http import Http404
from rest_framework.test import APIClient

from apps.charging import services as charging_services
from apps.reports import services
from apps.reports.models import Category, Report, ReportAudit, ReportEvent, RoutingRule, Status
from apps.reports.services.office import audit_record
from tests.charging.factories import OperatorAccountFactory, OperatorFactory, StationFactory

from .conftest import POINT, TUESDAY_10

pytestmark = pytest.mark.django_db


def submit(**kwargs):
    values = {"category": "street-lighting", "description": "路灯不亮已经三天了", "lat": POINT[0], "lon": POINT[1],
              "now": TUESDAY_10, "contact_name": "王小明", "contact_phone": "13812345678"}
    values.update(kwargs)
    return services.report_submit(**values)


def change_url(report):
    return f"/admin/reports/report/{report.pk}/change/"


def act_url(report, action):
    return f"/admin/reports/report/{report.pk}/act/{action}/"


# --- routing ------------------------------------------------------------------------------------
def test_most_specific_rule_wins(community, lighting, official):
    group = Group.objects.create(name="路灯组")
    RoutingRule.objects.create(note="everything")
    by_street = RoutingRule.objects.create(sub_district=community.sub_district)
    by_category = RoutingRule.objects.create(category=lighting, group=group)
    RoutingRule.objects.create(category=lighting, sub_district=community.sub_district, active=False)
    report = submit()
    assert report.routing_rule == by_category and report.responsible_group == group
    other = submit(category="litter")
    assert other.routing_rule == by_street and other.responsible_group is None
    assert ReportEvent.objects.filter(report=report, action="routed").exists()


def test_charger_report_goes_to_the_station_operator(community):
    station = StationFactory(community=community, lat=POINT[0], lon=POINT[1])
    charger_category = Category.objects.filter(kind="charging").first()
    report = submit(category=charger_category.code, facility_id=station.pk, lat=None, lon=None)
    assert report.operator_key == f"charging:{station.operator_id}"
    assert report.operator_name == station.operator.name


def test_a_rule_may_keep_reports_from_the_operator(community):
    station = StationFactory(community=community, lat=POINT[0], lon=POINT[1])
    RoutingRule.objects.create(kind="charging", route_to_operator=False)
    charger_category = Category.objects.filter(kind="charging").first()
    report = submit(category=charger_category.code, facility_id=station.pk, lat=None, lon=None)
    assert report.operator_key == ""


# --- the queue and its scope ---------------------------------------------------------------------------
def test_official_sees_only_their_sub_district(client, staff_login, official, community, other_community):
    mine = submit()
    theirs = submit(lat=other_community.lat, lon=other_community.lon)
    assert theirs.sub_district_id != mine.sub_district_id
    staff_login(client, official)
    page = client.get("/admin/reports/report/")
    assert page.status_code == 200
    assert list(page.context["cl"].result_list) == [mine]
    assert client.get(change_url(mine)).status_code == 200
    assert client.get(change_url(theirs)).status_code == 404
    for action in ("acknowledge", "answer", "transfer", "close"):
        assert client.get(act_url(theirs, action)).status_code == 404
        assert client.post(act_url(theirs, action), {"public_answer": "已经处理完毕了"}).status_code == 404
    assert client.post(f"/admin/reports/report/{theirs.pk}/reveal/", {"reason": "回访居民核实"}).status_code == 404
    theirs.refresh_from_db()
    assert theirs.status == Status.SUBMITTED and not ReportAudit.objects.exists()


def test_the_queue_reads_a_constant_number_of_queries_without_distinct(client, staff_login, official, community,
                                                                        django_assert_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    first = submit()
    staff_login(client, official)
    client.get("/admin/reports/report/")
    with CaptureQueriesContext(connection) as few:
        page = client.get("/admin/reports/report/")
    assert page.status_code == 200 and first.reference in page.content.decode()
    for _ in range(6):
        submit()
    with django_assert_num_queries(len(few.captured_queries)):
        assert len(client.get("/admin/reports/report/").context["cl"].result_list) == 7
    rows = [q["sql"] for q in few.captured_queries if 'FROM "reports_report"' in q["sql"] and "ORDER BY" in q["sql"]]
    # one sub-district per report: no DISTINCT (it sorted every open report on PostgreSQL), and
    # only the columns the queue shows (never the contact)
    assert rows and not any("DISTINCT" in sql for sql in rows)
    assert not any("contact_phone" in sql or '"description"' in sql for sql in rows)


def test_the_queue_shows_open_reports_by_default(client, staff_login, official, community):
    open_one, done = submit(), submit()
    services.report_transition(report=done, to_status=Status.CLOSED, actor=official, public_answer="重复的反映，已合并")
    staff_login(client, official)
    assert list(client.get("/admin/reports/report/").context["cl"].result_list) == [open_one]
    assert set(client.get("/admin/reports/report/?queue=all").context["cl"].result_list) == {open_one, done}


def test_actions_through_the_report_page(client, staff_login, official, community, resident):
    report = submit(reporter=resident)
    staff_login(client, official)
    assert client.post(act_url(report, "acknowledge"), {}).status_code == 302
    assert client.post(act_url(report, "answer"), {"public_answer": "已派人查看，明天更换灯泡"}).status_code == 302
    assert client.post(act_url(report, "in_progress"), {"public_answer": ""}).status_code == 302
    response = client.post(act_url(report, "resolve"), {"public_answer": "坏"})  # too short: the form says so
    assert response.status_code == 200 and response.context["form"].errors
    assert client.post(act_url(report, "resolve"), {"public_answer": "灯泡已更换，恢复照明"}).status_code == 302
    report.refresh_from_db()
    assert report.status == Status.RESOLVED and report.public_answer == "灯泡已更换，恢复照明"
    actions = list(report.events.values_list("action", "to_status"))
    assert ("answered", "acknowledged") in actions and ("status", "resolved") in actions
    assert report.acknowledged_at is not None
    # nothing more to do on a resolved report but close it
    assert client.get(act_url(report, "acknowledge")).status_code == 404
    assert client.post(act_url(report, "close"), {"public_answer": "居民确认已解决"}).status_code == 302
    report.refresh_from_db()
    assert report.status == Status.CLOSED and not report.is_open


def test_bulk_acknowledge_action(client, staff_login, official, community):
    first, second = submit(), submit()
    staff_login(client, official)
    response = client.post("/admin/reports/report/", {"action": "acknowledge_selected",
                                                       "_selected_action": [first.pk, second.pk]})
    assert response.status_code == 302
    assert set(Report.objects.values_list("status", flat=True)) == {Status.ACKNOWLEDGED}


def test_transfer_to_another_sub_district_is_audited(client, staff_login, official, community, other_street):
    report = submit()
    staff_login(client, official)
    response = client.post(act_url(report, "transfer"), {"sub_district": other_street.pk, "reason": "属于汉正街辖区"})
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.sub_district == other_street and report.is_open
    audit = ReportAudit.objects.get(report=report)
    assert audit.action == "transfer" and audit.actor == official and "属于汉正街辖区" in audit.reason
    # now out of the official's scope
    assert client.get(change_url(report)).status_code == 404


def test_transfer_needs_a_reason_and_one_target(client, staff_login, official, community, other_street):
    report = submit()
    staff_login(client, official)
    assert client.post(act_url(report, "transfer"), {"sub_district": other_street.pk, "reason": "不"}).status_code == 200
    assert client.post(act_url(report, "transfer"), {"reason": "属于汉正街辖区"}).status_code == 200
    report.refresh_from_db()
    assert report.sub_district_id == community.sub_district_id and not ReportAudit.objects.exists()


def test_transfer_to_an_operator(official, community):
    station = StationFactory(community=community)
    stranger = OperatorFactory()
    report = submit()  # a street light: about no facility, any operator may take it
    services.report_transfer_to_operator(report=report, actor=official, operator_key=f"charging:{stranger.pk}",
                                         reason="充电桩运营商负责的灯杆")
    report.refresh_from_db()
    assert report.operator_key == f"charging:{stranger.pk}"
    assert ReportAudit.objects.filter(report=report, action="transfer").count() == 1
    charger = Category.objects.filter(kind="charging").first()
    on_station = submit(category=charger.code, facility_id=station.pk, lat=None, lon=None)
    with pytest.raises(ValidationError) as info:  # only the station's own operator
        services.report_transfer_to_operator(report=on_station, actor=official,
                                             operator_key=f"charging:{stranger.pk}", reason="试试别的运营商")
    assert "operator" in info.value.message_dict


def test_contact_masked_and_revealed_with_a_reason(client, staff_login, official, community):
    report = submit()
    staff_login(client, official)
    page = client.get(change_url(report)).content.decode()
    assert "13812345678" not in page and "138****5678" in page
    assert client.post(f"/admin/reports/report/{report.pk}/reveal/", {"reason": "短"}).status_code == 200
    assert not ReportAudit.objects.exists()
    response = client.post(f"/admin/reports/report/{report.pk}/reveal/", {"reason": "需要回访居民核实情况"})
    assert "13812345678" in response.content.decode()
    audit = ReportAudit.objects.get()
    assert (audit.action, audit.actor, audit.reason) == ("reveal", official, "需要回访居民核实情况")


def test_service_refuses_out_of_scope(other_official, community):
    report = submit()
    with pytest.raises(Http404):
        services.report_answer(report=report, actor=other_official, public_answer="我们来看看情况")
    with pytest.raises(Http404):
        services.contact_reveal(report=report, actor=other_official, reason="看看这个人是谁")


def test_audit_hook_records_exports_of_reports_only(official):
    assert audit_record(actor=official, action="export", target="housing_swap.application: 3 rows") is None
    audit = audit_record(actor=official, action="export", target="reports.report: 3 rows, unmasked", reason="统计")
    assert audit.action == "export" and audit.report is None


# --- operators -------------------------------------------------------------------------------------
@pytest.fixture
def operator_setup(community):
    account = OperatorAccountFactory()
    mine = StationFactory(community=community, operator=account.operator)
    also_mine = StationFactory(community=community, operator=account.operator)
    theirs = StationFactory(community=community)
    charger = Category.objects.filter(kind="charging").first()
    reports = {name: submit(category=charger.code, facility_id=station.pk, lat=None, lon=None)
               for name, station in (("mine", mine), ("also_mine", also_mine), ("theirs", theirs))}
    return account, mine, reports


def _operator_client(account, stations=()):
    client = APIClient()
    _scope, key = charging_services.operator_token_issue(operator=account.operator, user=account.user,
                                                         stations=stations)
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client


def test_operator_lists_and_answers_its_own_reports_only(operator_setup):
    account, _station, reports = operator_setup
    client = _operator_client(account)
    listed = client.get("/api/v1/operator/reports/")
    assert listed.status_code == 200
    assert {r["id"] for r in listed.json()["results"]} == {reports["mine"].pk, reports["also_mine"].pk}
    assert "contact" not in str(listed.json())
    url = f"/api/v1/operator/reports/{reports['mine'].pk}/status/"
    response = client.post(url, {"status": "resolved", "public_answer": "已更换充电枪"}, format="json")
    assert response.status_code == 200 and response.json()["status"] == "resolved"
    other = client.post(f"/api/v1/operator/reports/{reports['theirs'].pk}/status/",
                        {"status": "resolved", "public_answer": "已更换充电枪"}, format="json")
    assert other.status_code == 404
    reports["theirs"].refresh_from_db()
    assert reports["theirs"].status == Status.SUBMITTED


def test_operator_may_not_close_and_a_limited_token_sees_its_stations(operator_setup):
    account, station, reports = operator_setup
    client = _operator_client(account, stations=[station])
    listed = client.get("/api/v1/operator/reports/").json()["results"]
    assert [r["id"] for r in listed] == [reports["mine"].pk]
    assert client.post(f"/api/v1/operator/reports/{reports['also_mine'].pk}/status/",
                       {"status": "resolved", "public_answer": "已更换充电枪"}, format="json").status_code == 404
    closing = client.post(f"/api/v1/operator/reports/{reports['mine'].pk}/status/",
                          {"status": "closed", "public_answer": "不是我们的问题"}, format="json")
    assert closing.status_code == 400 and "status" in closing.json()


def test_residents_and_anonymous_are_refused(resident_token):
    assert APIClient().get("/api/v1/operator/reports/").status_code == 401
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {resident_token}")
    assert client.get("/api/v1/operator/reports/").status_code == 401  # a sign-in token is not an operator's


def test_operator_list_runs_a_constant_number_of_queries(operator_setup, django_assert_max_num_queries):
    account, station, _reports = operator_setup
    charger = Category.objects.filter(kind="charging").first()
    for _ in range(5):
        submit(category=charger.code, facility_id=station.pk, lat=None, lon=None)
    client = _operator_client(account)
    with django_assert_max_num_queries(12):
        assert len(client.get("/api/v1/operator/reports/").json()["results"]) == 7
