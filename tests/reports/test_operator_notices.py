"""Operators hear about the reports that reach them (issue 17): a charger or car-park report
routed to the facility's operator, or a report transferred to an operator, gives the
operator's active accounts one notice (in-app, and email as their preferences say) through the
real notices pipeline, once per report and operator however often routing is retried."""

import pytest
from django.core import mail

from apps.notices.models import Event, Notice
from apps.reports import services
from apps.reports.models import Category
from apps.reports.services import routing
from tests.charging.factories import OperatorAccountFactory, OperatorFactory, StationFactory
from tests.factories import UserFactory
from tests.parking.factories import CarParkFactory, ParkingOperatorAccountFactory

from .conftest import POINT, TUESDAY_10

pytestmark = pytest.mark.django_db


def submit(**kwargs):
    values = {"category": "street-lighting", "description": "充电桩坏了三天了", "lat": POINT[0], "lon": POINT[1],
              "now": TUESDAY_10, "contact_name": "王小明", "contact_phone": "13812345678"}
    values.update(kwargs)
    return services.report_submit(**values)


def operator_notices(kind="in_app"):
    return Notice.objects.filter(event__kind="reports.operator", channel=kind)


def test_station_report_reaches_the_operators_accounts_once(community, django_capture_on_commit_callbacks):
    account = OperatorAccountFactory()
    colleague = OperatorAccountFactory(operator=account.operator)
    OperatorAccountFactory(operator=account.operator, is_active=False)  # a closed account hears nothing
    OperatorAccountFactory()  # another operator's account neither
    station = StationFactory(community=community, operator=account.operator, lat=POINT[0], lon=POINT[1])
    charger = Category.objects.filter(kind="charging").first()
    with django_capture_on_commit_callbacks(execute=True):
        report = submit(category=charger.code, facility_id=station.pk, lat=None, lon=None)
    assert sorted(operator_notices().values_list("recipient_id", flat=True)) == sorted(
        [account.user_id, colleague.user_id])
    event = Event.objects.get(kind="reports.operator")
    assert event.context["reference"] == report.reference and event.context["operator"] == station.operator.name
    assert "王" not in str(event.context) and "13812345678" not in str(event.context)  # no personal data
    emails = sorted(operator_notices("email").values_list("recipient_id", flat=True))
    assert emails == sorted([account.user_id, colleague.user_id])  # and their channels (email as they chose)
    # sent after commit (at once with the eager worker of the SQLite runs; by the worker with Redis)
    assert all(report.reference in m.subject for m in mail.outbox)

    routing.report_route(report=report, now=TUESDAY_10)  # a retried routing adds nothing
    assert Event.objects.filter(kind="reports.operator").count() == 1
    assert operator_notices().count() == 2


def test_car_park_report_reaches_the_parking_operator(community):
    account = ParkingOperatorAccountFactory()
    car_park = CarParkFactory(community=community, operator=account.operator, lat=POINT[0], lon=POINT[1])
    parking = Category.objects.filter(kind="parking").first()
    report = submit(category=parking.code, facility_id=car_park.pk, lat=None, lon=None)
    assert report.operator_key == f"parking:{account.operator_id}"
    assert list(operator_notices().values_list("recipient_id", flat=True)) == [account.user_id]


def test_reports_not_about_an_operated_facility_notify_no_operator(community):
    submit()
    car_park = CarParkFactory(community=community, operator=None, lat=POINT[0], lon=POINT[1])  # the district's own
    parking = Category.objects.filter(kind="parking").first()
    assert submit(category=parking.code, facility_id=car_park.pk, lat=None, lon=None).operator_key == ""
    assert not Event.objects.filter(kind="reports.operator").exists()


def test_transfer_to_an_operator_notifies_it_once(community, official):
    account = OperatorAccountFactory(operator=OperatorFactory())
    report = submit()  # a street light: about no facility, any operator may take it
    assert not Event.objects.filter(kind="reports.operator").exists()
    services.report_transfer_to_operator(report=report, actor=official, operator_key=f"charging:{account.operator_id}",
                                         reason="灯杆上的充电桩归运营商")
    assert list(operator_notices().values_list("recipient_id", flat=True)) == [account.user_id]
    report.refresh_from_db()
    from apps.reports.services import notify

    notify.publish_to_operator(report=report, actor=official)  # a retried publish: still one
    assert operator_notices().count() == 1
    assert Event.objects.get(kind="reports.operator").actor == official


def test_an_operator_without_accounts_gets_an_event_and_no_notices(community):
    station = StationFactory(community=community, lat=POINT[0], lon=POINT[1])
    charger = Category.objects.filter(kind="charging").first()
    UserFactory()
    report = submit(category=charger.code, facility_id=station.pk, lat=None, lon=None)
    assert report.operator_key and not operator_notices().exists()


def test_parking_operator_answers_its_car_parks_reports_through_the_api(community):
    from rest_framework.test import APIClient

    from apps.parking import services as parking_services

    account = ParkingOperatorAccountFactory()
    mine = CarParkFactory(community=community, operator=account.operator, lat=POINT[0], lon=POINT[1])
    theirs = CarParkFactory(community=community, lat=POINT[0], lon=POINT[1])
    parking = Category.objects.filter(kind="parking").first()
    report = submit(category=parking.code, facility_id=mine.pk, lat=None, lon=None)
    other = submit(category=parking.code, facility_id=theirs.pk, lat=None, lon=None)
    _scope, key = parking_services.OPERATORS.issue(operator=account.operator, user=account.user)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    assert [r["id"] for r in client.get("/api/v1/operator/reports/").json()["results"]] == [report.pk]
    answered = client.post(f"/api/v1/operator/reports/{report.pk}/status/",
                           {"status": "acknowledged", "public_answer": "已安排保安巡查"}, format="json")
    assert answered.status_code == 200 and answered.json()["status"] == "acknowledged"
    assert client.post(f"/api/v1/operator/reports/{other.pk}/status/",
                       {"status": "acknowledged", "public_answer": "已安排保安巡查"}, format="json").status_code == 404
