"""``seed_demo`` part: the underground car park of 古田公园 with its 474 spaces (the
district's 2024 report; position, tariff and hours illustrative) and 12 illustrative car
parks of every type, some at a charging station (linked to it), run by one illustrative
operator. Idempotent: stable codes, rows saved only when something differs; live counts
are set only when a car park is first created (later reports are not undone).

With ``DEBUG`` on, the demo ``operator`` account (made by the charging seed) also acts for
the parking operator, to try the free-spaces API."""

from datetime import date, time, timedelta
from decimal import Decimal

from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils import timezone

from apps.core.seeding import sync_children, upsert
from apps.places.models import Community, Facility, FacilityStatus, OpeningHours

from .models import CHARGING_KIND, KIND, CarPark, CarParkType, ParkingOperator, ParkingOperatorAccount

LAST_VERIFIED = date(2026, 11, 20)
GUTIAN = {"community": "420104010004", "offset": (0.0010, -0.0020)}  # as the parks seed places 古田公园
TYPES = [CarParkType.UNDERGROUND, CarParkType.MULTI_STOREY, CarParkType.ON_STREET, CarParkType.RESIDENTIAL_SHARED]
TYPE_NAMES = {
    CarParkType.UNDERGROUND: ("地下停车场", "underground car park"),
    CarParkType.MULTI_STOREY: ("立体停车楼", "multi-storey car park"),
    CarParkType.ON_STREET: ("路内停车泊位", "on-street parking"),
    CarParkType.RESIDENTIAL_SHARED: ("小区共享停车场", "residential shared car park"),
}
ILLUSTRATIVE = ("示例数据：名称、位置、车位数、收费与空余车位均为演示虚构。",
                "Illustrative: name, position, spaces, tariff and free spaces are invented for the demo.")


def _gutian(communities) -> dict:
    park = Facility.objects.filter(kind="park", name="古田公园").first()
    community = communities.get(GUTIAN["community"]) or communities[min(communities)]
    lat, lon = ((park.lat, park.lon) if park else
                (community.lat + GUTIAN["offset"][0], community.lon + GUTIAN["offset"][1]))
    return {
        "code": "parking-gutian", "community": park.community if park else community,
        "lat": round(lat - 0.0004, 6), "lon": round(lon + 0.0003, 6),
        "name": "古田公园地下停车场", "name_en": "Gutian Park underground car park",
        "address": "硚口区古田公园地下（位置为示意）", "address_en": "Under Gutian Park, Qiaokou (approximate position)",
        "car_park_type": CarParkType.UNDERGROUND, "spaces_total": 474, "accessible_spaces": 10, "ev_spaces": 0,
        "tariff": "示例：首小时免费，之后每小时3元", "tariff_en": "Illustrative: first hour free, then ¥3 an hour",
        "height_limit_m": Decimal("2.2"),
        "description": "古田公园地下停车场有停车位474个（来源：区2024年报道）；位置、收费、开放时间与无障碍车位数为示意。",
        "description_en": "Gutian Park's underground car park has 474 spaces (source: the district's 2024 report); "
                          "position, tariff, hours and accessible spaces are illustrative.",
        "accessibility": ["accessible_parking", "lift"],
    }


def _illustrative(k: int, community, stations) -> dict:
    car_park_type = TYPES[k % len(TYPES)]
    name, name_en = TYPE_NAMES[car_park_type]
    short = community.name.removesuffix("社区")
    station = stations[k // 2] if k % 2 == 0 and k // 2 < len(stations) else None
    lat, lon = ((station.lat + 0.0002, station.lon) if station else
                (community.lat - 0.0007 * ((k % 5) - 2), community.lon + 0.0006 * ((k % 3) - 1)))
    total = (60, 240, 24, 90)[k % 4] + 10 * k
    return {
        "code": f"parking-{k + 1:03d}", "community": station.community if station else community,
        "lat": round(lat, 6), "lon": round(lon, 6),
        "name": f"{short}{name}", "name_en": f"{community.name_en} {name_en} {k + 1}",
        "address": f"硚口区{community.sub_district.name}{short}", "address_en": f"{community.name_en}, Qiaokou",
        "car_park_type": car_park_type, "spaces_total": total, "accessible_spaces": max(1, total // 50),
        "ev_spaces": total // 10 if station else 0, "charging_site": station,
        "tariff": "首小时5元，之后每小时3元" if k % 3 else "每小时2元",
        "tariff_en": "¥5 the first hour, then ¥3 an hour" if k % 3 else "¥2 an hour",
        "height_limit_m": Decimal("2.1") if car_park_type == CarParkType.UNDERGROUND else None,
        "description": ILLUSTRATIVE[0], "description_en": ILLUSTRATIVE[1],
        "accessibility": ["accessible_parking"] if k % 3 == 0 else [],
    }


def run(command) -> None:
    communities = {c.code: c for c in Community.objects.select_related("sub_district")}
    if not communities:
        command.stdout.write("parking: no communities (run the places seed first); skipped")
        return
    operator, _new = upsert(ParkingOperator, {"code": "qiaokou-parking"}, {
        "name": "硚口停车运营（示例）", "name_en": "Qiaokou Parking Services (illustrative)",
        "phone": "027-8300-0101", "is_illustrative": True})
    stations = list(Facility.objects.published().filter(kind=CHARGING_KIND).order_by("id")[:6])
    ordered = [communities[code] for code in sorted(communities)]
    specs = [_gutian(communities)] + [_illustrative(k, ordered[(k * 29 + 11) % len(ordered)], stations)
                                      for k in range(12)]
    now = timezone.now()
    created = 0
    for n, spec in enumerate(specs):
        code = spec.pop("code")
        car_park, was_created = upsert(CarPark, {"code": code}, {
            "kind": KIND, "operator": operator, "last_verified": LAST_VERIFIED, "is_illustrative": True,
            "charging_site": None, **spec,
        }, create_only={"status": FacilityStatus.PUBLISHED})
        created += was_created
        if was_created:  # a first count, as an operator would report it
            CarPark.objects.filter(pk=car_park.pk).update(
                free_spaces=(spec["spaces_total"] * (3 + n % 5)) // 10, free_spaces_reported_at=now - timedelta(minutes=n))
        hours = [(time(0), time(0))] if spec["car_park_type"] != CarParkType.ON_STREET else [(time(8), time(20))]
        sync_children(OpeningHours.objects.filter(facility=car_park), ("weekday", "opens"), [
            {"weekday": day, "opens": opens, "closes": closes} for day in range(7) for opens, closes in hours
        ], facility=car_park)
    if settings.DEBUG:
        user = get_user_model().objects.filter(username="operator").first()
        if user is not None:
            upsert(ParkingOperatorAccount, {"user": user}, {"operator": operator, "is_active": True})
    command.stdout.write(
        f"parking: {CarPark.objects.filter(code__startswith='parking-').count()} car parks ({created} new; "
        "古田公园 474 spaces as reported, the rest illustrative)"
    )
