"""``seed_demo`` part: 362 accessibility sites, the number of new accessibility facilities the
district reported for 2024 (新建无障碍设施362处). The figure is the report's; every site
(type, position, the facility or address it serves, condition) is ILLUSTRATIVE and marked
so. Sites stand at the seeded facilities of the other kinds (a few metres off) or at a
community's streets. Idempotent: stable codes, rows saved only when something differs."""

from apps.core.seeding import upsert
from apps.places.models import Community, Facility, FacilityStatus

from .models import KIND, AccessibilitySite, Condition, SiteType

REPORTED_2024 = 362
NAMES = {
    SiteType.RAMP: ("无障碍坡道", "ramp"), SiteType.ACCESSIBLE_TOILET: ("无障碍卫生间", "accessible toilet"),
    SiteType.TACTILE_PAVING: ("盲道", "tactile paving"), SiteType.LIFT: ("无障碍电梯", "lift"),
    SiteType.ACCESSIBLE_PARKING: ("无障碍车位", "accessible parking space"),
    SiteType.BARRIER_FREE_ENTRANCE: ("无障碍出入口", "barrier-free entrance"),
}
TYPES = list(SiteType)


def _spec(k: int, served, community) -> dict:
    site_type = TYPES[k % len(TYPES)]
    name, name_en = NAMES[site_type]
    if served is not None:
        lat, lon = served.lat + 0.00015 * ((k % 3) - 1), served.lon + 0.00012 * ((k % 5) - 2)
        place, place_en, community = served.name, served.name_en or served.name, served.community
    else:
        lat, lon = community.lat + 0.0011 * ((k % 7) - 3), community.lon - 0.0009 * ((k % 4) - 1.5)
        place, place_en = f"{community.name}街巷", f"{community.name_en} streets"
    return {
        "kind": KIND, "name": f"{place}{name}", "name_en": f"{place_en}: {name_en}",
        "address": f"硚口区{community.sub_district.name}{place}（位置为示意）",
        "address_en": f"{place_en}, Qiaokou (approximate position)", "community": community,
        "lat": round(lat, 6), "lon": round(lon, 6), "site_type": site_type,
        "condition": Condition.NEEDS_REPAIR if k % 29 == 0 else Condition.GOOD,
        "serves_facility": served, "serves_address": "" if served is not None else f"{community.name}主要街巷",
        "serves_address_en": "" if served is not None else f"Main streets of {community.name_en}",
        "built_in": 2024, "is_illustrative": True,
        "description": "示例数据：区2024年报道新建无障碍设施362处；本条的类型、位置与服务对象为演示虚构。",
        "description_en": "Illustrative: the district reported 362 new accessibility facilities in 2024; this "
                          "site's type, position and what it serves are invented for the demo.",
    }


def run(command) -> None:
    communities = list(Community.objects.select_related("sub_district").order_by("code"))
    if not communities:
        command.stdout.write("accessibility: no communities (run the places seed first); skipped")
        return
    served = list(Facility.objects.published().exclude(kind=KIND).select_related("community__sub_district")
                  .order_by("kind", "id")[:REPORTED_2024 // 2])
    created = 0
    for k in range(REPORTED_2024):
        target = served[k // 2] if k % 2 == 0 and k // 2 < len(served) else None
        _site, was_created = upsert(AccessibilitySite, {"code": f"access-{k + 1:03d}"},
                                    _spec(k, target, communities[(k * 13 + 3) % len(communities)]),
                                    create_only={"status": FacilityStatus.PUBLISHED})
        created += was_created
    command.stdout.write(
        f"accessibility: {AccessibilitySite.objects.filter(code__startswith='access-').count()} sites "
        f"({created} new; the reported 362 of 2024, every site illustrative)"
    )
