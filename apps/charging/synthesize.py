"""``generate_facilities`` hook: give freshly created base facilities their charging-station
rows, a few charge points each and one or two connectors per charge point, with a status.
Reproducible: every attribute comes from the seeded ``rng`` in a fixed order (the EVSE IDs
from the facility id)."""

from decimal import Decimal

from django.utils import timezone

from apps.places.generation import connection_of, insert_rows

from . import live
from .models import (
    ChargePoint,
    ChargePointStatus,
    ChargingOperator,
    ChargingStation,
    Connector,
    ConnectorStandard,
    PowerType,
)

# (standard, power type, possible max powers in kW) per connector of a pile
PILE_TYPES = [
    ((ConnectorStandard.GBT_AC.value, PowerType.AC.value, (7, 11, 22)),),
    ((ConnectorStandard.GBT_DC.value, PowerType.DC.value, (60, 120, 160)),),
    ((ConnectorStandard.GBT_DC.value, PowerType.DC.value, (120, 240)),
     (ConnectorStandard.GBT_DC.value, PowerType.DC.value, (120, 240))),
    ((ConnectorStandard.GBT_DC.value, PowerType.DC.value, (120, 180)),
     (ConnectorStandard.CCS2.value, PowerType.DC.value, (120, 180))),
]
STATUSES = [ChargePointStatus.AVAILABLE.value] * 5 + [ChargePointStatus.CHARGING.value] * 3 + [
    ChargePointStatus.OUT_OF_ORDER.value, ChargePointStatus.UNKNOWN.value]
ID_CHUNK = 900


def synthetic_operator() -> ChargingOperator:
    operator, _created = ChargingOperator.objects.get_or_create(
        code="synthetic", defaults={"name": "合成数据运营商", "name_en": "Synthetic operator",
                                    "is_illustrative": True},
    )
    return operator


def point_code(facility_id: int, number: int) -> str:
    return f"CN*SYN*E{facility_id:08d}*{number:02d}"


def synthesize(facilities, rng) -> int:
    if not facilities:
        return 0
    connection = connection_of(facilities)
    operator = synthetic_operator()
    reported = connection.ops.adapt_datetimefield_value(timezone.now())
    stations, points, pile_specs = [], [], []
    for facility in facilities:
        pk = facility.pk
        price = Decimal(rng.randint(550, 800)) / 1000
        fee = Decimal(rng.randint(200, 800)) / 1000
        public = rng.random() < 0.85
        parking = None if rng.random() < 0.6 else Decimal(rng.choice((2, 3, 5)))
        stations.append((pk, operator.pk, public, price, fee, parking, "", ""))
        for n in range(1, rng.randint(2, 6) + 1):
            spec = PILE_TYPES[rng.randrange(len(PILE_TYPES))]
            powers = [Decimal(rng.choice(options)) for _standard, _power, options in spec]
            status = STATUSES[rng.randrange(len(STATUSES))]
            points.append((pk, point_code(pk, n), f"{n:02d}", status, reported))
            pile_specs.append((spec, powers))
    insert_rows(connection, ChargingStation, ["facility_ptr", "operator", "is_public", "price_per_kwh",
                                              "service_fee_per_kwh", "parking_fee_per_hour", "parking_note",
                                              "parking_note_en"], stations)
    facility_ids = [f.pk for f in facilities]
    with live.loading(connection, ids=(min(facility_ids), max(facility_ids))):
        insert_rows(connection, ChargePoint, ["station", "code", "label", "status", "status_reported_at"], points)
    ids = {}
    for start in range(0, len(facility_ids), ID_CHUNK):
        chunk = facility_ids[start:start + ID_CHUNK]
        ids.update(ChargePoint.objects.using(connection.alias).filter(station_id__in=chunk)
                   .values_list("code", "id"))
    connectors = [
        (ids[code], i + 1, standard, power, kw)
        for (_station, code, *_rest), (spec, powers) in zip(points, pile_specs, strict=True)
        for i, ((standard, power, _options), kw) in enumerate(zip(spec, powers, strict=True))
    ]
    insert_rows(connection, Connector, ["charge_point", "number", "standard", "power_type", "max_power_kw"],
                connectors)
    return len(stations)
