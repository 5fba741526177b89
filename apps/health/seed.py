"""``seed_demo`` part: health institutions. The report (facts-2024.md, item 16) says 19 of the
district's medical institutions recognise each other's results for 152 test items, and names
同济汉江湾医院 (Tongji Hanjiang Bay Hospital) as opening soon.

The group's members are not named: the 19 entered here (a community health service centre
per sub-district, stations and two hospitals) are ILLUSTRATIVE, as are every name but the
hospital's, every position, grade, service and hours; every entry is marked so. Idempotent."""

from datetime import time

from apps.places.seeding import ALL_WEEK, MONDAY_TO_SATURDAY, communities_by_code, seed_facility, weekly

from .models import KIND, HealthInstitution, HospitalGrade, InstitutionType

MUTUAL_RECOGNITION_GROUP = 19  # institutions (the report's figure): a centre per sub-district, 2
# hospitals and community health stations for the rest
HOSPITALS = [("区人民医院（示例）", "District People's Hospital (illustrative)", HospitalGrade.SECONDARY_A),
             ("区中医医院（示例）", "District TCM Hospital (illustrative)", HospitalGrade.SECONDARY_A)]
HOURS = {
    InstitutionType.COMMUNITY_CENTRE: weekly(ALL_WEEK, time(8), time(17, 30)),
    InstitutionType.COMMUNITY_STATION: weekly(MONDAY_TO_SATURDAY, time(8), time(17)),
    InstitutionType.HOSPITAL: weekly(ALL_WEEK, time(0), time(0)),  # open all day
}
NOTE = ("示例数据：区2024年报道称19家医疗机构152项检查检验结果互通互认，但未公布机构名单；本条目的名称、位置、"
        "等级、服务与开诊时间为演示虚构。")
NOTE_EN = ("Illustrative: the district's 2024 report says 19 medical institutions recognise each other's results "
           "for 152 test items but does not list them; this entry's name, position, grade, services and hours are "
           "invented for the demo.")
TONGJI = {
    "name": "同济汉江湾医院", "name_en": "Tongji Hanjiang Bay Hospital", "institution_type": InstitutionType.HOSPITAL,
    "address": "硚口区汉江湾（位置为示意）", "address_en": "Hanjiang Bay, Qiaokou (approximate position)",
    "description": "报道称同济汉江湾医院即将开放。等级、服务与开诊时间尚未公布；位置为示意。",
    "description_en": "The district's report says Tongji Hanjiang Bay Hospital is opening soon. Its grade, services "
                      "and hours are not yet published; the position is illustrative.",
}


def _plan(communities) -> list[tuple[str, str, object, str, str, str]]:
    """(code, type, community, name, English name, grade) of the group's 19 members."""
    plan, streets = [], []
    for community in communities:
        if community.sub_district_id not in {c.sub_district_id for c in streets}:
            streets.append(community)
    for n, community in enumerate(streets):
        street = community.sub_district
        plan.append((f"health-centre-{n + 1}", InstitutionType.COMMUNITY_CENTRE, community,
                     f"{street.name}社区卫生服务中心（示例）",
                     f"{street.name_en} Community Health Service Centre (illustrative)", ""))
    others = [c for c in communities if c not in streets]
    for n in range(MUTUAL_RECOGNITION_GROUP - len(streets) - len(HOSPITALS)):
        community = others[n * 9 % len(others)]
        plan.append((f"health-station-{n + 1}", InstitutionType.COMMUNITY_STATION, community,
                     f"{community.name}社区卫生服务站（示例）",
                     f"{community.name_en or community.name} Community Health Station (illustrative)", ""))
    for n, (name, name_en, grade) in enumerate(HOSPITALS):
        plan.append((f"health-hospital-{n + 1}", InstitutionType.HOSPITAL, others[(n * 31 + 5) % len(others)],
                     name, name_en, grade))
    return plan[:MUTUAL_RECOGNITION_GROUP]


def run(command) -> None:
    communities = communities_by_code()
    if not communities:
        command.stdout.write("health: no communities (run the places seed first); skipped")
        return
    created = 0
    for n, (code, institution_type, community, name, name_en, grade) in enumerate(_plan(communities)):
        community_station = institution_type == InstitutionType.COMMUNITY_STATION
        hours = HOURS[institution_type]
        _institution, new = seed_facility(HealthInstitution, code=code, kind=KIND, hours=hours, values={
            "name": name, "name_en": name_en, "institution_type": institution_type, "grade": grade,
            "community": community, "address": f"硚口区{community.name}（示例）",
            "address_en": f"{community.name_en}, Qiaokou (illustrative)",
            "lat": round(community.lat - 0.0005 * ((n % 3) - 1), 6), "lon": round(community.lon + 0.0004 * ((n % 5) - 2), 6),
            "gp": True, "vaccination": not community_station or n % 2 == 0, "chronic_followup": True,
            "tcm": not community_station or n % 3 == 0,
            "mutual_recognition": True, "description": NOTE, "description_en": NOTE_EN, "is_illustrative": True,
        })
        created += new
    bay = communities[-1]
    _institution, new = seed_facility(HealthInstitution, code="health-tongji-hanjiang-bay", kind=KIND, values={
        **TONGJI, "community": bay, "lat": round(bay.lat + 0.002, 6), "lon": round(bay.lon - 0.002, 6),
        "is_illustrative": True,
    })
    created += new
    group = HealthInstitution.objects.filter(code__startswith="health-", mutual_recognition=True).count()
    command.stdout.write(
        f"health: {HealthInstitution.objects.filter(code__startswith='health-').count()} institutions ({created} new; "
        f"{group} in the mutual-recognition group, all illustrative; 同济汉江湾医院 opening soon)"
    )
