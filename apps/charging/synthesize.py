"""``generate_facilities`` hook: give freshly created base facilities their charging-station
rows, a few charge points each and one or two connectors per charge point, with a status.
Reproducible: every attribute comes from the seeded ``rng`` in a fixed order (the EVSE IDs
from the facility id)."""

from decimal import Decimal

from django.utils import timezone

from .models import (
    ChargePoint,
    ChargePointStatus,
    ChargingOperator,
    ChargingStation,
    Connector,
    ConnectorStandard,
    PowerType,
)

BATCH = 2000
# (standard, power type, possible max powers in kW)
PILE_TYPES = [
    ((ConnectorStandard.GBT_AC, PowerType.AC, (7, 11, 22)),),
    ((ConnectorStandard.GBT_DC, PowerType.DC, (60, 120, 160)),),
    ((ConnectorStandard.GBT_DC, PowerType.DC, (120, 240)), (ConnectorStandard.GBT_DC, PowerType.DC, (120, 240))),
    ((ConnectorStandard.GBT_DC, PowerType.DC, (120, 180)), (ConnectorStandard.CCS2, PowerType.DC, (120, 180))),
]
STATUSES = [ChargePointStatus.AVAILABLE] * 5 + [ChargePointStatus.CHARGING] * 3 + [
    ChargePointStatus.OUT_OF_ORDER, ChargePointStatus.UNKNOWN]


def insert_children(model, rows) -> None:
    """Insert only the child table of a multi-table-inherited model (the parent rows exist);
    ``bulk_create`` refuses multi-table models."""
    fields = model._meta.local_concrete_fields
    for start in range(0, len(rows), BATCH):
        model._base_manager._insert(rows[start:start + BATCH], fields=fields)


def synthetic_operator() -> ChargingOperator:
    operator, _created = ChargingOperator.objects.get_or_create(
        code="synthetic", defaults={"name": "合成数据运营商", "name_en": "Synthetic operator",
                                    "is_illustrative": True},
    )
    return operator


def synthesize(facilities, rng) -> int:
    operator = synthetic_operator()
    now = timezone.now()
    stations, points, pile_specs = [], [], []
    for facility in facilities:
        price = Decimal(rng.randint(550, 800)) / 1000
        fee = Decimal(rng.randint(200, 800)) / 1000
        stations.append(ChargingStation(
            facility_ptr_id=facility.pk, operator=operator, is_public=rng.random() < 0.85,
            price_per_kwh=price, service_fee_per_kwh=fee,
            parking_fee_per_hour=None if rng.random() < 0.6 else Decimal(rng.choice((2, 3, 5))),
        ))
        for n in range(rng.randint(2, 6)):
            spec = PILE_TYPES[rng.randrange(len(PILE_TYPES))]
            powers = [Decimal(rng.choice(options)) for _standard, _power, options in spec]
            status = STATUSES[rng.randrange(len(STATUSES))]
            points.append(ChargePoint(
                station_id=facility.pk, code=f"CN*SYN*E{facility.pk:08d}*{n + 1:02d}", label=f"{n + 1:02d}",
                status=status, status_reported_at=now,
            ))
            pile_specs.append((spec, powers))
    insert_children(ChargingStation, stations)
    created = ChargePoint.objects.bulk_create(points, batch_size=BATCH)
    connectors = [
        Connector(charge_point_id=point.pk, number=i + 1, standard=standard, power_type=power, max_power_kw=kw)
        for point, (spec, powers) in zip(created, pile_specs, strict=True)
        for i, ((standard, power, _options), kw) in enumerate(zip(spec, powers, strict=True))
    ]
    Connector.objects.bulk_create(connectors, batch_size=BATCH)
    return len(stations)
