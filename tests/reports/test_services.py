import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from apps.notices.models import Event, Notice
from apps.reports import selectors, services
from apps.reports.models import Rating, Report, ReportEvent, ReportFollow, Status

from .conftest import POINT, TUESDAY_10


def submit(**kwargs):
    values = {"category": "street-lighting", "description": "路灯不亮已经三天了", "lat": POINT[0], "lon": POINT[1],
              "now": TUESDAY_10}
    values.update(kwargs)
    return services.report_submit(**values)


def test_submit_places_the_report_and_sets_the_deadlines(community, lighting):
    report = submit()
    assert report.sub_district_id == community.sub_district_id
    assert report.community == community
    assert report.status == Status.SUBMITTED and report.is_open
    # street lighting: acknowledge within 4 working hours, resolve within 3 working days
    assert report.acknowledge_due == TUESDAY_10 + dt.timedelta(hours=4)
    assert report.resolve_due == dt.datetime(2026, 12, 4, 9, 0, tzinfo=dt.UTC)  # Fri 17:00 Beijing
    assert report.month == dt.date(2026, 12, 1)
    assert list(report.events.values_list("action", flat=True)) == ["submitted"]


def test_submit_reads_gcj02_and_bd09_points(community):
    from apps.places.crs import from_wgs84

    glat, glon = from_wgs84("gcj02", *POINT)
    report = submit(lat=glat, lon=glon, crs="gcj02")
    assert report.lat == pytest.approx(POINT[0], abs=1e-7) and report.lon == pytest.approx(POINT[1], abs=1e-7)
    blat, blon = from_wgs84("bd09", *POINT)
    report = submit(lat=blat, lon=blon, crs="bd09")
    assert report.lat == pytest.approx(POINT[0], abs=1e-7)


@pytest.mark.parametrize(("kwargs", "field"), [
    ({"lat": 39.9, "lon": 116.4}, "lat"),  # Beijing: outside the district
    ({"lat": "abc"}, "lat"),
    ({"lon": 500}, "lon"),
    ({"category": "no-such"}, "category"),
    ({"description": "坏"}, "description"),
    ({"contact_phone": "12345"}, "contact_phone"),
    ({"contact_email": "not-an-email"}, "contact_email"),
    ({"lat": None, "lon": None}, "lat"),
    ({"crs": "mars"}, "crs"),
])
def test_bad_input_names_the_field(community, kwargs, field):
    with pytest.raises(ValidationError) as info:
        submit(**kwargs)
    assert field in info.value.message_dict
    assert not Report.objects.exists()


def test_facility_report_takes_the_facility_point_and_checks_the_kind(charger):
    report = submit(category="charger-out-of-order", lat=None, lon=None, facility_id=charger.pk)
    assert (report.lat, report.lon) == (charger.lat, charger.lon)
    assert report.kind == "charging" and report.facility == charger
    with pytest.raises(ValidationError) as info:
        submit(category="canteen-closed", lat=None, lon=None, facility_id=charger.pk)
    assert "category" in info.value.message_dict


def test_private_location_is_rounded_for_the_public(community):
    report = submit(lat=30.58046, lon=114.25071, location_private=True)
    assert (report.public_lat, report.public_lon) == (30.580, 114.251)
    assert report.lat == 30.58046


def test_contact_is_encrypted_at_rest_and_never_public(community):
    from django.db import connection

    report = submit(contact_name="王小明", contact_phone="138 0013 8000", contact_email="wang@example.com")
    with connection.cursor() as cursor:
        cursor.execute("SELECT contact_phone, contact_name FROM reports_report WHERE id = %s", [report.pk])
        phone, name = cursor.fetchone()
    assert "13800138000" not in phone and "王" not in name
    assert Report.objects.get(pk=report.pk).contact_phone == "13800138000"
    public = selectors.public_reports().get(pk=report.pk)
    assert "contact_phone" in public.get_deferred_fields()


def test_signed_in_reporter_follows_and_gets_the_acknowledgement(community, resident):
    report = submit(reporter=resident)
    assert ReportFollow.objects.filter(report=report, user=resident).exists()
    event = Event.objects.get(kind="reports.submitted")
    assert set(Notice.objects.filter(event=event).values_list("recipient_id", "channel")) == {
        (resident.pk, "in_app"), (resident.pk, "email")}
    assert "王" not in str(event.context)


def test_anonymous_report_publishes_nothing(community):
    submit()
    assert not Event.objects.exists()


def test_official_answers_and_followers_get_one_notice_per_change(community, official, resident, other_user):
    report = submit(reporter=resident)
    services.report_follow(report=report, user=other_user)
    later = TUESDAY_10 + dt.timedelta(hours=1)
    services.report_transition(report=report, to_status=Status.ACKNOWLEDGED, actor=official,
                               public_answer="已派人查看", now=later)
    report.refresh_from_db()
    assert report.acknowledged_at == later and report.acknowledge_seconds == 3600 and report.acknowledged_in_time
    services.report_transition(report=report, to_status=Status.RESOLVED, actor=official,
                               public_answer="路灯已更换灯泡", now=later + dt.timedelta(days=1))
    report.refresh_from_db()
    assert report.status == Status.RESOLVED and not report.is_open
    assert report.resolve_seconds == 3600 + 86400
    status_events = Event.objects.filter(kind="reports.status")
    assert status_events.count() == 2
    for event in status_events:
        assert sorted(Notice.objects.filter(event=event, channel="in_app").values_list("recipient_id", flat=True)) \
            == sorted([resident.pk, other_user.pk])
    assert Event.objects.filter(kind="reports.status").order_by("pk").last().context["public_answer"] == "路灯已更换灯泡"


def test_transitions_follow_the_table_and_answers_are_required(community, official):
    report = submit()
    with pytest.raises(ValidationError) as info:
        services.report_transition(report=report, to_status=Status.RESOLVED, actor=official, public_answer="")
    assert "public_answer" in info.value.message_dict
    services.report_transition(report=report, to_status=Status.CLOSED, actor=official, public_answer="重复报告，已合并")
    with pytest.raises(ValidationError) as info:
        services.report_transition(report=report, to_status=Status.IN_PROGRESS, actor=official)
    assert "status" in info.value.message_dict
    assert ReportEvent.objects.filter(report=report, action="status").count() == 1


def test_official_outside_the_scope_gets_not_found(community, other_official, resident):
    report = submit()
    with pytest.raises(Http404):
        services.report_transition(report=report, to_status=Status.ACKNOWLEDGED, actor=other_official)
    with pytest.raises(PermissionDenied):
        services.report_transition(report=report, to_status=Status.ACKNOWLEDGED, actor=resident)
    report.refresh_from_db()
    assert report.status == Status.SUBMITTED


def test_district_admin_acts_everywhere_and_transfers_with_an_audit(community, other_street, district_admin):
    report = submit()
    services.report_transfer(report=report, actor=district_admin, sub_district=other_street, reason="属汉正街辖区")
    report.refresh_from_db()
    assert report.sub_district == other_street
    assert report.audits.get().action == "transfer"
    with pytest.raises(ValidationError):
        services.report_transfer(report=report, actor=district_admin, sub_district=other_street, reason="再次转")


def _resolved(official, resident):
    report = submit(reporter=resident)
    services.report_transition(report=report, to_status=Status.RESOLVED, actor=official, public_answer="已修复好了")
    return report


def test_dissatisfied_rating_reopens_once(community, official, resident):
    report = _resolved(official, resident)
    services.report_rate(report=report, user=resident, rating=Rating.DISSATISFIED, comment="灯还是不亮")
    report.refresh_from_db()
    assert report.status == Status.IN_PROGRESS and report.is_open and report.reopen_count == 1
    assert Event.objects.filter(kind="reports.reopened").exists()
    services.report_transition(report=report, to_status=Status.RESOLVED, actor=official, public_answer="更换了线路")
    services.report_rate(report=report, user=resident, rating=Rating.DISSATISFIED)
    report.refresh_from_db()
    assert report.status == Status.RESOLVED and report.reopen_count == 1 and report.rating == "dissatisfied"
    with pytest.raises(ValidationError):
        services.report_rate(report=report, user=resident, rating=Rating.SATISFIED)


def test_only_the_reporter_rates_a_resolved_report(community, official, resident, other_user):
    report = submit(reporter=resident)
    with pytest.raises(ValidationError):
        services.report_rate(report=report, user=resident, rating=Rating.SATISFIED)
    services.report_transition(report=report, to_status=Status.RESOLVED, actor=official, public_answer="已修复好了")
    with pytest.raises(PermissionDenied):
        services.report_rate(report=report, user=other_user, rating=Rating.SATISFIED)
    with pytest.raises(ValidationError):
        services.report_rate(report=report, user=resident, rating="great")
    services.report_rate(report=report, user=resident, rating=Rating.BASICALLY_SATISFIED)
    report.refresh_from_db()
    assert report.rating == "basically_satisfied" and report.status == Status.RESOLVED


def test_me_too_counts_once_per_account_and_per_address(community, resident, other_user):
    report = submit(reporter=resident)
    assert services.report_support(report=report, user=other_user)
    assert not services.report_support(report=report, user=other_user)
    assert not services.report_support(report=report, user=resident)  # the reporter is no supporter
    assert services.report_support(report=report, address_hash="a" * 64)
    assert not services.report_support(report=report, address_hash="a" * 64)
    report.refresh_from_db()
    assert report.supporters_count == 2
    assert ReportFollow.objects.filter(report=report, user=other_user).exists()


def test_duplicates_within_50_m_or_on_the_same_facility(charger, community):
    near = submit(category="charger-out-of-order", lat=30.58030, lon=114.25010)  # ~33 m from the charger
    submit(category="charger-out-of-order", lat=30.58120, lon=114.25010)  # ~120 m: not a duplicate
    submit(category="street-lighting", lat=30.58010, lon=114.25010)  # other category
    on_facility = submit(category="charger-out-of-order", lat=None, lon=None, facility_id=charger.pk)
    from apps.reports.models import Category

    found = selectors.duplicates(category=Category.objects.get(code="charger-out-of-order"),
                                 lat=charger.lat, lon=charger.lon, facility_id=charger.pk)
    assert [r.pk for r in found] == [on_facility.pk, near.pk]


def test_status_notice_reads_in_the_recipients_language(community, official, resident):
    from apps.notices.rendering import render

    report = submit(reporter=resident)
    services.report_transition(report=report, to_status=Status.RESOLVED, actor=official, public_answer="路灯已更换灯泡")
    event = Event.objects.get(kind="reports.status")
    zh = render(event=event, language="zh-hans")
    assert f"反映 {report.reference}" in zh.subject and "已解决" in zh.subject
    assert "路灯已更换灯泡" in zh.body and "评价" in zh.body
    en = render(event=event, language="en")
    assert en.subject == f"Report {report.reference}: Resolved"
    assert "Street light out" in en.body


def test_follow_and_unfollow_are_idempotent_and_need_an_account(community, resident):
    from django.contrib.auth.models import AnonymousUser

    report = submit()
    assert services.report_follow(report=report, user=resident) is True
    assert services.report_follow(report=report, user=resident) is False
    assert ReportFollow.objects.filter(report=report, user=resident).count() == 1
    assert services.report_unfollow(report=report, user=resident) is True
    assert services.report_unfollow(report=report, user=resident) is False
    assert not ReportFollow.objects.exists()
    for nobody in (None, AnonymousUser()):
        with pytest.raises(ValidationError):
            services.report_follow(report=report, user=nobody)
        with pytest.raises(ValidationError):
            services.report_unfollow(report=report, user=nobody)
