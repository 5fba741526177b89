"""A small, controlled world for the browser tests, built in well under a second.

Around the resident's point ``HOME`` (in a Qiaokou community):

- canteens: "closed" 170 m away (closed today and tomorrow by exception), "open" 450 m
  away (open around the clock), one 3 km away;
- charging stations: "busy" 250 m away (its only DC connector is charging, an AC one is free),
  "free DC" 650 m away (a free GB/T DC connector, reported a minute ago);
- a pocket park 330 m away;
- two 2024 livelihood projects (one in the resident's sub-district);
- an open housing-swap round with one new-home project.

Each builder is independent; ``world()`` builds everything and returns the handles the
tests need.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field
from datetime import time
from decimal import Decimal

from django.utils import timezone

from apps.places.models import FacilityStatus, OpeningException, OpeningHours
from tests.factories import CommunityFactory, SubDistrictFactory

HOME = (30.58000, 114.25000)
M_PER_DEG_LAT = 111_195.0


def offset(north_m: float = 0.0, east_m: float = 0.0, origin=HOME) -> tuple[float, float]:
    lat, lon = origin
    return (
        round(lat + north_m / M_PER_DEG_LAT, 6),
        round(lon + east_m / (M_PER_DEG_LAT * math.cos(math.radians(lat))), 6),
    )


def always_open(facility) -> None:
    OpeningHours.objects.bulk_create(
        OpeningHours(facility=facility, weekday=day, opens=time(0), closes=time(0)) for day in range(7)
    )


def closed_today(facility) -> None:
    """Usual hours every day, but closed today and tomorrow (Shanghai time), so "closed now"
    holds whatever the hour the test runs at."""
    always_open(facility)
    today = timezone.localdate()
    for day in (today, today + dt.timedelta(days=1)):
        OpeningException.objects.create(facility=facility, date=day, closed=True, note="测试：休息")


@dataclass
class World:
    sub_district: object = None
    community: object = None
    far_community: object = None
    canteens: dict = field(default_factory=dict)
    stations: dict = field(default_factory=dict)
    parks: dict = field(default_factory=dict)
    kinds: dict = field(default_factory=dict)  # elder care, health: one of each
    projects: dict = field(default_factory=dict)
    housing_round: object = None
    reports: dict = field(default_factory=dict)


def places(world: World) -> None:
    world.sub_district = SubDistrictFactory(code="T-HZ", name="汉中街道", name_en="Hanzhong Sub-district")
    world.community = CommunityFactory(
        code="T-HZ-01", name="荣华社区", name_en="Ronghua Community", sub_district=world.sub_district,
        lat=HOME[0], lon=HOME[1], population=6200,
    )
    far = offset(north_m=3000)
    world.far_community = CommunityFactory(
        code="T-HZ-02", name="远方社区", name_en="Yuanfang Community", sub_district=world.sub_district,
        lat=far[0], lon=far[1], population=4100,
    )


def canteens(world: World) -> None:
    from tests.canteens.factories import CanteenFactory, MealServiceFactory

    def make(key, name, name_en, north, east, hours):
        lat, lon = offset(north, east)
        canteen = CanteenFactory(
            name=name, name_en=name_en, lat=lat, lon=lon, community=world.community,
            address="硚口区荣华街" + key, status=FacilityStatus.PUBLISHED,
        )
        MealServiceFactory(canteen=canteen)
        hours(canteen)
        world.canteens[key] = canteen

    make("closed", "荣华休息食堂", "Ronghua Resting Canteen", 170, 0, closed_today)
    make("open", "荣华幸福食堂", "Ronghua Happiness Canteen", 0, 450, always_open)
    make("far", "远方幸福食堂", "Yuanfang Happiness Canteen", 3000, 0, always_open)


def charging(world: World) -> None:
    from apps.charging.models import (
        ChargePoint,
        ChargePointStatus,
        ChargingOperator,
        ChargingStation,
        Connector,
        ConnectorStandard,
        PowerType,
    )

    operator = ChargingOperator.objects.create(code="T-OP", name="测试充电", name_en="Test Charging")
    now = timezone.now() - dt.timedelta(minutes=1)

    def station(key, name, name_en, north, east, points):
        lat, lon = offset(north, east)
        site = ChargingStation.objects.create(
            kind="charging", name=name, name_en=name_en, address="硚口区测试路" + key,
            community=world.community, lat=lat, lon=lon, status=FacilityStatus.PUBLISHED,
            code=f"T-CS-{key}", operator=operator, price_per_kwh=Decimal("0.80"),
            service_fee_per_kwh=Decimal("0.40"),
        )
        always_open(site)
        for n, (standard, power_type, kw, status) in enumerate(points, start=1):
            point = ChargePoint.objects.create(
                station=site, code=f"T-CS-{key}-{n}", label=f"A{n:02d}", status=status, status_reported_at=now
            )
            Connector.objects.create(
                charge_point=point, number=1, standard=standard, power_type=power_type,
                max_power_kw=Decimal(kw),
            )
        world.stations[key] = site

    station("busy", "荣华充电站", "Ronghua Charging Station", -250, 0, [
        (ConnectorStandard.GBT_DC, PowerType.DC, "60", ChargePointStatus.CHARGING),
        (ConnectorStandard.GBT_AC, PowerType.AC, "7", ChargePointStatus.AVAILABLE),
    ])
    station("free_dc", "汉中快充站", "Hanzhong Fast Charging", 0, -650, [
        (ConnectorStandard.GBT_DC, PowerType.DC, "120", ChargePointStatus.AVAILABLE),
        (ConnectorStandard.GBT_DC, PowerType.DC, "120", ChargePointStatus.OUT_OF_ORDER),
    ])


def parks(world: World) -> None:
    from apps.parks.models import Amenity, AmenityType, Park, ParkType

    lat, lon = offset(-200, 260)
    park = Park.objects.create(
        kind="park", name="荣华口袋公园", name_en="Ronghua Pocket Park", address="硚口区荣华街8号",
        community=world.community, lat=lat, lon=lon, status=FacilityStatus.PUBLISHED, code="T-PK-1",
        park_type=ParkType.POCKET, area_m2=1800, green_area_m2=1200,
    )
    always_open(park)
    Amenity.objects.create(park=park, amenity=AmenityType.SEATING)
    world.parks["pocket"] = park


def kinds(world: World) -> None:
    from tests.eldercare.factories import ElderCareSiteFactory
    from tests.health.factories import HealthInstitutionFactory

    lat, lon = offset(150, -120)
    site = ElderCareSiteFactory(name="荣华社区老年人服务站", name_en="Ronghua elder service station",
                                community=world.community, lat=lat, lon=lon, respite_beds=4, home_service=True,
                                home_service_radius_m=1000, operator="汉中街道", operator_en="Hanzhong Sub-district")
    always_open(site)
    lat, lon = offset(-120, -200)
    clinic = HealthInstitutionFactory(name="荣华社区卫生服务站", name_en="Ronghua community health station",
                                      community=world.community, lat=lat, lon=lon, vaccination=True,
                                      mutual_recognition=True)
    always_open(clinic)
    world.kinds.update(eldercare=site, health=clinic)


def projects(world: World) -> None:
    from tests.projects.factories import MilestoneFactory, ProjectFactory

    lift = ProjectFactory(
        code="T-2024-01", title="老旧小区加装电梯", title_en="Lifts for old residential buildings",
        unit="部", unit_en="lifts", target_quantity=Decimal(40), achieved_quantity=Decimal(10),
    )
    lift.sub_districts.add(world.sub_district)
    MilestoneFactory(project=lift, title="完成选址", title_en="Sites chosen")
    world.projects["lift"] = lift
    world.projects["canteens"] = ProjectFactory(
        code="T-2024-02", title="新建社区幸福食堂", title_en="New community canteens",
        unit="个", unit_en="canteens", target_quantity=Decimal(12), achieved_quantity=Decimal(6),
    )


def housing(world: World) -> None:
    from tests.housing_swap.factories import RoundFactory

    world.housing_round = RoundFactory(number=4, title="第四批房票安置（测试）")


def reports(world: World) -> None:
    """An open problem report near HOME and a resolved one with the district's answer."""
    from django.contrib.auth import get_user_model

    from apps.reports import services
    from apps.reports.categories import categories_sync
    from apps.reports.models import Status

    categories_sync()
    official = get_user_model().objects.create_superuser(username="t-reports-admin", password=None,
                                                         email="t-reports-admin@example.com")
    lat, lon = offset(north_m=120)
    world.reports["open"] = services.report_submit(
        category="street-lighting", description="路口的路灯不亮了（测试）", lat=lat, lon=lon)
    resolved = services.report_submit(
        category="road-damage", description="人行道地砖松动（测试）", lat=HOME[0], lon=HOME[1], location_private=True)
    services.report_transition(report=resolved, to_status=Status.RESOLVED, actor=official,
                               public_answer="地砖已经重新铺好（测试）")
    world.reports["resolved"] = resolved


def world(*parts: str) -> World:
    """Build the named parts (all by default) in dependency order."""
    builders = {
        "canteens": canteens, "charging": charging, "parks": parks, "kinds": kinds, "projects": projects, "housing": housing,
        "reports": reports,
    }
    result = World()
    places(result)
    for name, builder in builders.items():
        if not parts or name in parts:
            builder(result)
    return result
