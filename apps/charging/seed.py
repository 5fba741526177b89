"""``seed_demo`` part: 3 charging operators and 20 charging stations with their piles,
connectors and a reported status. Operators, station names, positions, piles and prices are
ILLUSTRATIVE and marked so. Idempotent: stable codes; rows are saved only when something
differs, and a pile's live status is set only when the pile is first created (later status
reports are not undone by a re-run).

With ``DEBUG`` on, a demo operator account (``operator`` / the demo password) is created for
the first operator, to try the status API."""

from datetime import date, time
from decimal import Decimal

from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.core.seeding import sync_children, upsert
from apps.places.models import Community, FacilityStatus, OpeningHours

from .models import (
    KIND,
    ChargePoint,
    ChargePointStatus,
    ChargingOperator,
    ChargingStation,
    ConnectorStandard,
    OperatorAccount,
    PowerType,
)

COUNT = 20
LAST_VERIFIED = date(2026, 11, 20)
DEMO_PASSWORD = "Qiaokou-demo-2024"  # noqa: S105 - the documented demo password (DEBUG only)
OPERATORS = [
    ("hanjiang-kuaichong", "汉江快充（示例）", "Hanjiang Fast Charge (illustrative)", "027-8300-0001"),
    ("qiaokou-chengtou", "硚口城投充电（示例）", "Qiaokou Urban Charging (illustrative)", "027-8300-0002"),
    ("lvyuan-chongdian", "绿源充电（示例）", "Lvyuan Charging (illustrative)", "027-8300-0003"),
]
SITES = [  # Chinese site name, English site name
    ("停车场", "car park"), ("社区", "community"), ("商业广场", "shopping plaza"), ("公交场站", "bus depot"),
    ("路边", "kerbside"),
]
# per pile kind: [(standard, power type, kW), ...]
PILES = {
    "ac7": [(ConnectorStandard.GBT_AC, PowerType.AC, Decimal("7"))],
    "dc120": [(ConnectorStandard.GBT_DC, PowerType.DC, Decimal("120"))],
    "dc160x2": [(ConnectorStandard.GBT_DC, PowerType.DC, Decimal("160")),
                (ConnectorStandard.GBT_DC, PowerType.DC, Decimal("160"))],
    "dc180ccs": [(ConnectorStandard.GBT_DC, PowerType.DC, Decimal("180")),
                 (ConnectorStandard.CCS2, PowerType.DC, Decimal("180"))],
    "ac11t2": [(ConnectorStandard.TYPE2, PowerType.AC, Decimal("11"))],
}
STATUS_CYCLE = [ChargePointStatus.AVAILABLE, ChargePointStatus.CHARGING, ChargePointStatus.AVAILABLE,
                ChargePointStatus.OUT_OF_ORDER, ChargePointStatus.AVAILABLE, ChargePointStatus.CHARGING,
                ChargePointStatus.UNKNOWN]


def _piles(k: int) -> list[str]:
    if k % 5 == 1:  # residential: slow AC
        return ["ac7"] * (4 + k % 4)
    kinds = ["dc120", "dc160x2", "dc180ccs", "ac7", "ac11t2"]
    return [kinds[(k + i) % len(kinds)] for i in range(3 + k % 6)]


def _demo_account(command, operator) -> None:
    if not settings.DEBUG:
        return
    user_model = get_user_model()
    user = user_model.objects.filter(username="operator").first()
    if user is None:
        user = user_model.objects.create_user(username="operator", password=DEMO_PASSWORD,
                                              email="operator@example.com")
    upsert(OperatorAccount, {"user": user}, {"operator": operator, "is_active": True})
    command.demo_accounts.append(
        ("operator", DEMO_PASSWORD, _("Charging operator (%(name)s)") % {"name": operator.display_name})
    )


def run(command) -> None:
    communities = list(Community.objects.select_related("sub_district").order_by("code"))
    if not communities:
        command.stdout.write("charging: no communities (run the places seed first); skipped")
        return
    operators = [
        upsert(ChargingOperator, {"code": code}, {"name": name, "name_en": name_en, "phone": phone,
                                                  "is_illustrative": True})[0]
        for code, name, name_en, phone in OPERATORS
    ]
    created = 0
    now = timezone.now()
    for k in range(COUNT):
        community = communities[(k * 37 + 5) % len(communities)]
        street = community.sub_district
        street_en = street.name_en.removesuffix(" Sub-district")
        short = community.name.removesuffix("社区")
        site, site_en = SITES[k % len(SITES)]
        residential = k % 5 == 1
        station, was_created = upsert(
            ChargingStation,
            {"code": f"charging-{k + 1:03d}"},
            {
                "kind": KIND,
                "name": f"{short}{site}充电站",
                "name_en": f"{street_en} {site_en} charging station {k + 1}",
                "address": f"硚口区{street.name}{short}{site}",
                "address_en": f"{site_en.capitalize()}, {street_en}, Qiaokou",
                "community": community,
                "lat": round(community.lat + 0.0009 * ((k % 7) - 3), 6),
                "lon": round(community.lon - 0.0008 * ((k % 5) - 2), 6),
                "phone": "",
                "accessibility": ["accessible_parking"] if k % 3 == 0 else [],
                "description": "示例数据：名称、位置、充电桩与价格均为演示虚构。",
                "description_en": "Illustrative: name, position, piles and prices are invented for the demo.",
                "last_verified": LAST_VERIFIED,
                "is_illustrative": True,
                "operator": operators[k % len(operators)],
                "is_public": not residential,
                "price_per_kwh": Decimal("0.620") + Decimal(k % 4) / 100,
                "service_fee_per_kwh": Decimal("0.400") + Decimal(k % 3) / 10,
                "parking_fee_per_hour": None if k % 2 else Decimal("3.00"),
                "parking_note": "充电期间免停车费2小时" if k % 2 == 0 else "",
                "parking_note_en": "First 2 hours of parking free while charging" if k % 2 == 0 else "",
            },
            create_only={"status": FacilityStatus.PUBLISHED},
        )
        created += was_created
        sync_children(OpeningHours.objects.filter(facility=station), ("weekday", "opens"),
                      [{"weekday": d, "opens": time(0), "closes": time(0)} for d in range(7)], facility=station)
        wanted_codes = []
        for n, pile in enumerate(_piles(k), start=1):
            code = f"CN*QKD*E{k + 1:03d}*{n:02d}"
            wanted_codes.append(code)
            point, _new = upsert(
                ChargePoint, {"code": code}, {"station": station, "label": f"{n:02d}"},
                create_only={"status": STATUS_CYCLE[(k + n) % len(STATUS_CYCLE)], "status_reported_at": now},
            )
            sync_children(point.connectors.all(), ("number",), [
                {"number": i, "standard": standard, "power_type": power, "max_power_kw": kw}
                for i, (standard, power, kw) in enumerate(PILES[pile], start=1)
            ], charge_point=point)
        station.charge_points.exclude(code__in=wanted_codes).delete()
    _demo_account(command, operators[0])
    command.stdout.write(
        f"charging: {ChargingStation.objects.filter(code__startswith='charging-').count()} charging stations, "
        f"{ChargePoint.objects.filter(code__startswith='CN*QKD*').count()} piles ({created} new stations, "
        "illustrative)"
    )
