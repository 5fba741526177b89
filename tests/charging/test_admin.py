import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME

from apps.charging.models import StatusReport
from apps.places.models import FacilityStatus

from .factories import ChargePointFactory, StationFactory, station_with_piles

pytestmark = pytest.mark.django_db
CHANGELIST = "/admin/charging/chargingstation/"



def test_changelist_filters_search(admin_client):
    station = station_with_piles(name="古田充电站")
    assert "古田充电站" in admin_client.get(CHANGELIST, {"q": "古田"}).content.decode()
    assert admin_client.get(CHANGELIST, {"connector": "gbt_dc"}).status_code == 200
    assert admin_client.get(CHANGELIST, {"operator__id__exact": station.operator_id}).status_code == 200


def test_change_form_has_inlines_and_map(admin_client):
    station = station_with_piles()
    html = admin_client.get(f"{CHANGELIST}{station.pk}/change/").content.decode()
    assert "openstreetmap.org" in html
    assert 'name="charge_points-TOTAL_FORMS"' in html
    assert 'name="opening_hours-TOTAL_FORMS"' in html
    point = station.charge_points.first()
    html = admin_client.get(f"/admin/charging/chargepoint/{point.pk}/change/").content.decode()
    assert 'name="connectors-TOTAL_FORMS"' in html


def test_publish_and_close_with_confirmation(admin_client):
    station = StationFactory(status=FacilityStatus.DRAFT)
    data = {"action": "publish", ACTION_CHECKBOX_NAME: [station.pk]}
    assert 'name="confirmed"' in admin_client.post(CHANGELIST, data).content.decode()
    admin_client.post(CHANGELIST, {**data, "confirmed": "yes"})
    station.refresh_from_db()
    assert station.status == FacilityStatus.PUBLISHED
    admin_client.post(CHANGELIST, {"action": "close", ACTION_CHECKBOX_NAME: [station.pk], "confirmed": "yes"})
    station.refresh_from_db()
    assert station.status == FacilityStatus.CLOSED


def test_charge_point_actions_use_the_service(admin_client, facility_admin):
    point = ChargePointFactory()
    admin_client.post("/admin/charging/chargepoint/", {"action": "report_out_of_order",
                                                        ACTION_CHECKBOX_NAME: [point.pk]})
    point.refresh_from_db()
    assert point.status == "out_of_order"
    assert StatusReport.objects.get().reported_by == facility_admin


def test_other_admin_pages(admin_client):
    ChargePointFactory()
    for url in ("/admin/charging/chargingoperator/", "/admin/charging/statusreport/",
                "/admin/charging/chargepoint/"):
        assert admin_client.get(url).status_code == 200
