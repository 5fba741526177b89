"""``seed_demo`` part: elder-care sites in the numbers the district reported for 2024
(facts-2024.md, items 4-6): 3 provincial and 3 municipal elder-care complexes, 84 community
elder service centres/stations, 8 hub-radiating and 31 community-embedded service points; and
区第二福利院 (the second district welfare home, named in the report as opening soon).

Only the figures and the welfare home's name come from the source. Every other name, the
centre/station split (one centre per sub-district), positions, services, hours and operators
are ILLUSTRATIVE and every entry is marked so. Idempotent."""

from datetime import time

from apps.places.seeding import (
    ALL_WEEK,
    MONDAY_TO_SATURDAY,
    WEEKDAYS,
    communities_by_code,
    seed_facility,
    weekly,
)

from .models import KIND, ElderCareSite, Level

# level, how many (the reported figures), name stem, English stem
REPORTED = [
    (Level.COMPLEX_PROVINCIAL, 3, "养老服务综合体（省级，示例）", "elder-care complex (provincial, illustrative)"),
    (Level.COMPLEX_MUNICIPAL, 3, "养老服务综合体（市级，示例）", "elder-care complex (municipal, illustrative)"),
    (Level.STATION, 84, "老年人服务站（示例）", "elder service station (illustrative)"),
    (Level.HUB_POINT, 8, "中心辐射式服务网点（示例）", "hub-radiating service point (illustrative)"),
    (Level.EMBEDDED_POINT, 31, "社区嵌入式服务网点（示例）", "community-embedded service point (illustrative)"),
]
HOURS = {
    Level.COMPLEX_PROVINCIAL: weekly(ALL_WEEK, time(8), time(20)),
    Level.COMPLEX_MUNICIPAL: weekly(ALL_WEEK, time(8), time(20)),
    Level.CENTRE: weekly(MONDAY_TO_SATURDAY, time(8, 30), time(17, 30)),
    Level.STATION: weekly(MONDAY_TO_SATURDAY, time(8, 30), time(17, 30)),
    Level.HUB_POINT: weekly(WEEKDAYS, time(9), time(17)),
    Level.EMBEDDED_POINT: weekly(WEEKDAYS, time(9), time(17)),
}
NOTE = "示例数据：数量来自区2024年报道，名称、位置、服务与开放时间为演示虚构。"
NOTE_EN = ("Illustrative: the numbers are from the district's 2024 report; the name, position, services and hours "
           "are invented for the demo.")
WELFARE_HOME = {
    "code": "eldercare-welfare-home-2", "name": "区第二福利院", "name_en": "Second District Welfare Home",
    "address": "硚口区（位置为示意）", "address_en": "Qiaokou District (approximate position)",
    "description": "报道称区第二福利院即将开放。开放时间、床位与服务尚未公布；位置为示意。",
    "description_en": "The district's report says the second district welfare home is opening soon. Hours, beds "
                      "and services are not yet published; the position is illustrative.",
}


def _services(level: str, n: int) -> dict:
    big = level.startswith("complex") or level == Level.CENTRE
    return {
        "day_care": big or n % 2 == 0, "meal_help": n % 3 != 2, "bathing_help": big,
        "home_visits": n % 2 == 1 or big, "rehabilitation": big, "health_checks": big or n % 4 == 0,
        "cultural_activities": True, "respite_beds": (30 if level.startswith("complex") else 6) if big else 0,
        "home_service": n % 2 == 1 or big, "home_service_radius_m": (1500 if big else 1000) if n % 2 == 1 or big else None,
    }


def _plan(communities) -> list[tuple[str, str, object, str, str]]:
    """(code, level, community, name, English name) of every reported site, spread over the
    communities; the first station of each sub-district is its centre."""
    plan, centres = [], set()
    for level, count, stem, stem_en in REPORTED:
        for n in range(count):
            community = communities[(n * 7 + len(plan)) % len(communities)] if level != Level.STATION else communities[n]
            code = f"eldercare-{level}-{n + 1}"
            if level == Level.STATION and community.sub_district_id not in centres:
                centres.add(community.sub_district_id)
                level_here, stem_here, stem_en_here = Level.CENTRE, "老年人服务中心（示例）", "elder service centre (illustrative)"
            else:
                level_here, stem_here, stem_en_here = level, stem, stem_en
            plan.append((code, level_here, community, f"{community.name}{stem_here}",
                         f"{community.name_en or community.name} {stem_en_here}"))
    return plan


def run(command) -> None:
    communities = communities_by_code()
    if not communities:
        command.stdout.write("eldercare: no communities (run the places seed first); skipped")
        return
    created = 0
    for n, (code, level, community, name, name_en) in enumerate(_plan(communities)):
        _site, new = seed_facility(ElderCareSite, code=code, kind=KIND, hours=HOURS[level], values={
            "name": name, "name_en": name_en, "level": level, "community": community,
            "address": f"硚口区{community.name}（示例）", "address_en": f"{community.name_en}, Qiaokou (illustrative)",
            "lat": round(community.lat + 0.0004 * ((n % 5) - 2), 6), "lon": round(community.lon + 0.0003 * ((n % 3) - 1), 6),
            "operator": f"{community.sub_district.name}街道（示例）", "operator_en": "Sub-district office (illustrative)",
            "eligibility": "辖区60岁以上老年人及其家庭（示例）", "eligibility_en": "Residents aged 60 and over and their families "
            "(illustrative)", "description": NOTE, "description_en": NOTE_EN, "is_illustrative": True,
            **_services(level, n),
        })
        created += new
    home = communities[len(communities) // 2]
    _site, new = seed_facility(ElderCareSite, code=WELFARE_HOME["code"], kind=KIND, values={
        **{k: v for k, v in WELFARE_HOME.items() if k != "code"}, "level": Level.WELFARE_HOME, "community": home,
        "lat": round(home.lat + 0.001, 6), "lon": round(home.lon - 0.001, 6), "is_illustrative": True,
    })
    created += new
    counts = {level: ElderCareSite.objects.filter(code__startswith="eldercare-", level=level).count() for level in Level}
    command.stdout.write(
        f"eldercare: {sum(counts.values())} sites ({created} new): {counts[Level.COMPLEX_PROVINCIAL]} + "
        f"{counts[Level.COMPLEX_MUNICIPAL]} complexes, {counts[Level.CENTRE] + counts[Level.STATION]} centres/stations, "
        f"{counts[Level.HUB_POINT]} + {counts[Level.EMBEDDED_POINT]} service points, 区第二福利院 (opening soon); "
        "all but the figures illustrative"
    )
