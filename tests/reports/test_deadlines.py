"""Deadlines on a controlled clock (issue 17): per-category deadlines, overdue lines on the
pending-work home, the daily digest (never twice) and the escalation to the district admin."""

import datetime as dt

import pytest

from apps.backoffice.pending import pending_work
from apps.notices.models import Event, Notice
from apps.reports import services
from apps.reports.models import Category, Report, RoutingRule, Status
from apps.reports.services import deadlines

from .conftest import POINT, TUESDAY_10

pytestmark = pytest.mark.django_db

HOUR = dt.timedelta(hours=1)
# street lighting: acknowledge within 4 working hours (Tue 14:00 Beijing), resolve within 3
# working days (Fri 17:00 Beijing = 09:00 UTC)
ACK_DUE = TUESDAY_10 + 4 * HOUR
RESOLVE_DUE = dt.datetime(2026, 12, 4, 9, 0, tzinfo=dt.UTC)


def submit(**kwargs):
    values = {"category": "street-lighting", "description": "路灯不亮已经三天了", "lat": POINT[0], "lon": POINT[1],
              "now": TUESDAY_10}
    values.update(kwargs)
    return services.report_submit(**values)


def digests(user=None):
    events = Event.objects.filter(kind="reports.overdue")
    return Notice.objects.filter(event__in=events, **({"recipient": user} if user else {}))


def test_deadlines_follow_the_category_settings(community, lighting):
    assert (submit().acknowledge_due, submit().resolve_due) == (ACK_DUE, RESOLVE_DUE)
    Category.objects.filter(pk=lighting.pk).update(acknowledge_hours=2, resolve_days=1)
    report = submit()
    assert report.acknowledge_due == TUESDAY_10 + 2 * HOUR
    assert report.resolve_due == dt.datetime(2026, 12, 2, 9, 0, tzinfo=dt.UTC)  # Wed 17:00 Beijing


def test_pending_work_counts_overdue_in_scope(official, other_official, community):
    submit()
    assert {i.key: i.count for i in pending_work(official, now=ACK_DUE - HOUR)}["reports_acknowledge_overdue"] == 0
    counts = {i.key: i.count for i in pending_work(official, now=ACK_DUE + HOUR)}
    assert counts["reports_acknowledge_overdue"] == 1 and counts["reports_overdue"] == 0
    counts = {i.key: i.count for i in pending_work(official, now=RESOLVE_DUE + HOUR)}
    assert counts["reports_overdue"] == 1
    # another sub-district's official has nothing waiting
    assert {i.key: i.count for i in pending_work(other_official, now=RESOLVE_DUE + HOUR)}["reports_overdue"] == 0
    item = next(i for i in pending_work(official) if i.key == "reports_overdue")
    assert item.url.endswith("?queue=overdue")


def test_digest_goes_once_a_day_to_the_responsible_officials(official, other_official, district_admin, community):
    submit()
    assert deadlines.overdue_digest_send(now=ACK_DUE - HOUR) == 0  # nothing overdue yet
    assert deadlines.overdue_digest_send(now=ACK_DUE + HOUR) == 1
    in_app = digests(official).filter(channel="in_app")
    assert in_app.count() == 1
    event = in_app.get().event
    assert event.context["count"] == 1 and event.context["acknowledge_overdue"] == 1
    assert event.context["references"] == [Report.objects.get().reference]
    # again the same day (a retried task, a second beat): nothing more
    deadlines.overdue_digest_send(now=ACK_DUE + 2 * HOUR)
    assert digests(official).filter(channel="in_app").count() == 1
    assert not digests(other_official).exists() and not digests(district_admin).exists()
    # the next day: a new digest
    deadlines.overdue_digest_send(now=ACK_DUE + 24 * HOUR)
    assert digests(official).filter(channel="in_app").count() == 2


def test_digest_follows_the_routing_rule(official, synced_roles, community, other_street, lighting):
    from .conftest import _staff

    lamp_man = _staff("lamp-official", "official", [other_street])  # named in the rule
    RoutingRule.objects.create(category=lighting, note="路灯专人").officials.add(lamp_man)
    submit()
    submit(category="litter")
    deadlines.overdue_digest_send(now=RESOLVE_DUE + 24 * HOUR)
    assert digests(lamp_man).get(channel="in_app").event.context["count"] == 1  # the lighting report only
    assert digests(official).get(channel="in_app").event.context["count"] == 1  # the litter report


def test_nothing_overdue_once_resolved(official, community):
    report = submit()
    services.report_transition(report=report, to_status=Status.RESOLVED, actor=official,
                               public_answer="灯泡已更换，恢复照明", now=TUESDAY_10 + HOUR)
    assert deadlines.overdue_digest_send(now=RESOLVE_DUE + HOUR) == 0
    assert deadlines.reports_escalate(now=RESOLVE_DUE + HOUR) == 0


def test_escalation_after_the_resolve_deadline_once(official, district_admin, community):
    late = submit()
    done = submit()
    services.report_transition(report=done, to_status=Status.ACKNOWLEDGED, actor=official, now=TUESDAY_10 + HOUR)
    assert deadlines.reports_escalate(now=RESOLVE_DUE - HOUR) == 0
    assert deadlines.reports_escalate(now=RESOLVE_DUE + HOUR) == 2
    late.refresh_from_db()
    assert late.escalated_at == RESOLVE_DUE + HOUR
    assert late.events.filter(action="escalated").count() == 1
    notices = Notice.objects.filter(event__kind="reports.escalated", channel="in_app")
    assert set(notices.values_list("recipient", flat=True)) == {district_admin.pk}
    assert notices.count() == 2
    assert deadlines.reports_escalate(now=RESOLVE_DUE + 5 * HOUR) == 0  # once
    assert Notice.objects.filter(event__kind="reports.escalated", channel="in_app").count() == 2


def test_the_jobs_are_on_the_beat(settings):
    from apps.reports import beat, tasks

    names = {entry["task"] for entry in beat.SCHEDULE.values()}
    assert names == {tasks.send_overdue_digest.name, tasks.escalate_overdue_reports.name}


def test_tasks_run_the_services(official, district_admin, community):
    from apps.reports import tasks

    submit()  # made on TUESDAY_10: past both deadlines by the real clock
    assert tasks.escalate_overdue_reports.apply().get() == 1
    assert tasks.send_overdue_digest.apply().get() == 1
    assert tasks.send_overdue_digest.apply().get() == 1  # reaches the same official, adds nothing
    assert digests(official).filter(channel="in_app").count() == 1


def test_district_admin_sets_a_categorys_deadlines_in_the_back_office(client, staff_login, district_admin, official, community,
                                                                      lighting):
    url = f"/admin/reports/category/{lighting.pk}/change/"
    staff_login(client, official)
    page = client.get(url)
    assert page.status_code == 200 and not page.context["has_change_permission"]  # officials look only
    staff_login(client, district_admin)
    form = client.get(url).context["adminform"].form
    data = {k: v for k, v in form.initial.items() if k in form.fields and v is not None}
    data.update({"acknowledge_hours": 2, "resolve_days": 1, "active": "on"})
    assert client.post(url, data).status_code == 302
    lighting.refresh_from_db()
    assert (lighting.acknowledge_hours, lighting.resolve_days) == (2, 1)
    assert submit(now=TUESDAY_10).resolve_due == dt.datetime(2026, 12, 2, 9, 0, tzinfo=dt.UTC)
