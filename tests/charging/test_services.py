from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from apps.charging import services
from apps.charging.models import ChargePointStatus, ChargingStation, StatusReport

from .factories import (
    ChargePointFactory,
    ConnectorFactory,
    OperatorAccountFactory,
    OperatorFactory,
    StationFactory,
    station_with_piles,
)

pytestmark = pytest.mark.django_db


def test_status_report_applies_and_records():
    point = ChargePointFactory(status=ChargePointStatus.UNKNOWN, status_reported_at=None)
    report = services.charge_point_status_report(charge_point=point, status="charging")
    point.refresh_from_db()
    assert point.status == "charging"
    assert point.status_reported_at == report.reported_at
    assert report.applied
    assert point.history.count() == 2  # created + status change


def test_older_report_is_kept_but_not_applied():
    now = timezone.now()
    point = ChargePointFactory(status_reported_at=now)
    report = services.charge_point_status_report(
        charge_point=point, status="out_of_order", reported_at=now - timedelta(minutes=1))
    point.refresh_from_db()
    assert point.status == "available"
    assert not report.applied
    assert StatusReport.objects.count() == 1


@pytest.mark.parametrize("status", ["free", "", "AVAILABLE", "broken"])
def test_invalid_status_is_rejected(status):
    point = ChargePointFactory()
    with pytest.raises(ValidationError) as err:
        services.charge_point_status_report(charge_point=point, status=status)
    assert "status" in err.value.message_dict


def test_future_and_naive_times_are_rejected():
    point = ChargePointFactory()
    with pytest.raises(ValidationError) as err:
        services.charge_point_status_report(
            charge_point=point, status="available", reported_at=timezone.now() + timedelta(hours=1))
    assert "reported_at" in err.value.message_dict
    with pytest.raises(ValidationError):
        services.charge_point_status_report(
            charge_point=point, status="available", reported_at=timezone.now().replace(tzinfo=None))


def test_other_operators_point_is_refused():
    point = ChargePointFactory()
    with pytest.raises(PermissionDenied):
        services.charge_point_status_report(charge_point=point, status="available", operator=OperatorFactory())


def test_operator_for_user():
    account = OperatorAccountFactory()
    assert services.operator_for_user(account.user) == account.operator
    account.is_active = False
    account.save()
    assert services.operator_for_user(account.user) is None


def test_stale_status_is_unknown_and_not_available():
    old = timezone.now() - timedelta(hours=3)
    point = ChargePointFactory(status_reported_at=old)
    assert point.live_status() == ChargePointStatus.UNKNOWN
    assert not ChargingStation.objects.available_now().exists()
    fresh = ChargePointFactory()
    assert list(ChargingStation.objects.available_now()) == [fresh.station]


def test_queryset_connector_and_power_filters():
    fast = station_with_piles(piles=[("ccs2", "dc", 180)])
    slow = station_with_piles(piles=[("gbt_ac", "ac", 7)])
    assert list(ChargingStation.objects.with_connector("ccs2")) == [fast]
    assert set(ChargingStation.objects.with_connector("ccs2", "gbt_ac")) == {fast, slow}
    assert list(ChargingStation.objects.with_min_power(100)) == [fast]
    assert list(ChargingStation.objects.with_power_type("ac")) == [slow]


def test_station_with_two_matching_connectors_listed_once():
    station = StationFactory()
    point = ChargePointFactory(station=station)
    ConnectorFactory(charge_point=point, number=1)
    ConnectorFactory(charge_point=point, number=2)
    assert ChargingStation.objects.with_connector("gbt_dc").count() == 1
