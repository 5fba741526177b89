from decimal import Decimal

import factory
from django.utils import timezone

from apps.charging.models import (
    ChargePoint,
    ChargePointStatus,
    ChargingOperator,
    ChargingStation,
    Connector,
    ConnectorStandard,
    OperatorAccount,
    PowerType,
)
from tests.factories import FacilityBaseFactory, UserFactory


class OperatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ChargingOperator
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"op{n}")
    name = factory.Sequence(lambda n: f"运营商{n}")
    name_en = factory.Sequence(lambda n: f"Operator {n}")


class StationFactory(FacilityBaseFactory):
    class Meta:
        model = ChargingStation

    kind = "charging"
    name = factory.Sequence(lambda n: f"测试充电站{n}")
    name_en = factory.Sequence(lambda n: f"Test Station {n}")
    address = "硚口区测试路2号"
    operator = factory.SubFactory(OperatorFactory)
    price_per_kwh = Decimal("0.650")
    service_fee_per_kwh = Decimal("0.500")


class ChargePointFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ChargePoint

    station = factory.SubFactory(StationFactory)
    code = factory.Sequence(lambda n: f"CN*TST*E{n:05d}")
    label = factory.Sequence(lambda n: f"{n:02d}")
    status = ChargePointStatus.AVAILABLE
    status_reported_at = factory.LazyFunction(timezone.now)


class ConnectorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Connector

    charge_point = factory.SubFactory(ChargePointFactory)
    number = 1
    standard = ConnectorStandard.GBT_DC
    power_type = PowerType.DC
    max_power_kw = Decimal("120")


class OperatorAccountFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OperatorAccount

    user = factory.SubFactory(UserFactory)
    operator = factory.SubFactory(OperatorFactory)


def station_with_piles(piles=(("gbt_dc", "dc", 120), ("gbt_ac", "ac", 7)), **kwargs) -> ChargingStation:
    station = StationFactory(**kwargs)
    for standard, power, kw in piles:
        point = ChargePointFactory(station=station)
        ConnectorFactory(charge_point=point, standard=standard, power_type=power, max_power_kw=Decimal(kw))
    return station
