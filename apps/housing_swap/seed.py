"""``seed_demo`` part: rounds 1-3 as the source describes them, an illustrative round 4
open for applications, new-home projects and (debug only) demo applications.

Reported (000_527323c9f3bf97a6.txt / facts-2024.md): the scheme started in February 2024;
three rounds have been held; the old homes bought now include the wider Hankou area (the
report does not say from which round, so no round here claims it); 恺德云麓 sold 88% on
opening (National Day 2024). The 896 purchase vouchers (14.8亿元) belong to expropriation
resettlement, not to this scheme (``apps.facts``). Everything else (every round's dates,
rules, quotas and eligible areas, prices, locations, the other projects, the applications) is
ILLUSTRATIVE and marked so: rounds 1-3 are real, their details are not.
"""

import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.auth import get_user_model

from apps.places.models import SubDistrict

from .models import (
    HANKOU_DISTRICTS,
    Application,
    ApplicationEvent,
    District,
    DocumentKind,
    NewHomeProject,
    Ownership,
    Round,
    RoundStatus,
    Status,
    Voucher,
    VoucherStatus,
)
from .personal_data import lookup_hash
from .validators import id_check_character

TZ = ZoneInfo("Asia/Shanghai")


def _at(y, m, d, h=9):
    return dt.datetime(y, m, d, h, tzinfo=TZ)


PROJECTS = [
    {"code": "kaide-yunlu", "name": "恺德云麓", "name_en": "Kaide Yunlu", "developer": "",
         "location": "硚口区（位置示意）", "unit_types": "建筑面积约 100–140 m² 三房、四房（示意）",
         "price_min": 26000, "price_max": 32000, "units_available": 60, "sub_district_code": "420104008",
         "fact_note": "硚口区首个准四代住宅，2024年国庆假期开盘去化率88%。",
         "description": "名称与开盘去化率为公开报道；开发商、位置、户型、价格与可售套数为示意数据。",
         "location_en": "Qiaokou District (approximate position)",
         "unit_types_en": "About 100–140 m² floor area, 3 and 4 rooms (illustrative)",
         "fact_note_en": "The district's first “quasi-4th-generation” residence; 88% sold on opening over the "
                         "National Day holiday 2024.",
         "description_en": "Name and share sold on opening are reported; developer, position, unit types, prices "
                           "and units available are illustrative."},
    {"code": "hanjiangwan-jiangyu", "name": "汉江湾·江语苑（示意）", "name_en": "Hanjiang Bay Jiangyu (illustrative)",
         "developer": "示例置业有限公司", "location": "汉江湾片区（示意）", "unit_types": "89 m² 三房、118 m² 四房",
         "price_min": 22000, "price_max": 27000, "units_available": 120, "sub_district_code": "420104010",
         "fact_note": "", "description": "示意项目。", "developer_en": "Example Property Co., Ltd.",
         "location_en": "Hanjiang Bay area (illustrative)", "unit_types_en": "89 m² 3 rooms, 118 m² 4 rooms",
         "description_en": "Illustrative project."},
    {"code": "gutian-fenglin", "name": "古田·枫林苑（示意）", "name_en": "Gutian Fenglin (illustrative)",
         "developer": "示例城建开发有限公司", "location": "古田片区（示意）", "unit_types": "75 m² 两房、95 m² 三房",
         "price_min": 18000, "price_max": 22000, "units_available": 200, "sub_district_code": "420104010",
         "fact_note": "", "description": "示意项目。", "developer_en": "Example Urban Construction Co., Ltd.",
         "location_en": "Gutian area (illustrative)", "unit_types_en": "75 m² 2 rooms, 95 m² 3 rooms",
         "description_en": "Illustrative project."},
    {"code": "baofeng-yunjin", "name": "宝丰·云锦府（示意）", "name_en": "Baofeng Yunjin (illustrative)",
         "developer": "示例地产集团", "location": "宝丰片区（示意）", "unit_types": "105 m² 三房、128 m² 四房",
         "price_min": 24000, "price_max": 29000, "units_available": 80, "sub_district_code": "420104005",
         "fact_note": "", "description": "示意项目。", "developer_en": "Example Real Estate Group",
         "location_en": "Baofeng area (illustrative)", "unit_types_en": "105 m² 3 rooms, 128 m² 4 rooms",
         "description_en": "Illustrative project."},
]

_DOCS = [DocumentKind.ID_CARD, DocumentKind.PROPERTY_CERTIFICATE, DocumentKind.HOUSEHOLD_REGISTER]
_OWNERSHIP = [Ownership.COMMERCIAL, Ownership.HOUSING_REFORM, Ownership.PRIVATE]

ROUNDS = [
    {"number": 1, "title": "第一期“以房换房”", "title_en": "Housing swap, round 1",
         "opens_at": _at(2024, 2, 20), "closes_at": _at(2024, 4, 30), "status": RoundStatus.FINISHED,
         "eligible_districts": [District.QIAOKOU], "sub_district_codes": [],
         "min_area_m2": Decimal("20"), "max_area_m2": Decimal("200"), "min_building_age_years": 15,
         "quota": 300, "projects": ["kaide-yunlu", "hanjiangwan-jiangyu"],
         "source_note": "2024年2月硚口区首推“以房换房”政策（报道）；起止日期、规则、名额与范围为示意。",
         "source_note_en": "The district launched the scheme in February 2024 (reported); dates, rules, quota and "
                           "eligible areas are illustrative."},
    {"number": 2, "title": "第二期“以房换房”", "title_en": "Housing swap, round 2",
         "opens_at": _at(2024, 5, 20), "closes_at": _at(2024, 7, 31), "status": RoundStatus.FINISHED,
         "eligible_districts": [District.QIAOKOU], "sub_district_codes": [],
         "min_area_m2": Decimal("20"), "max_area_m2": Decimal("200"), "min_building_age_years": 15,
         "quota": 300, "projects": ["kaide-yunlu", "hanjiangwan-jiangyu", "gutian-fenglin"],
         "source_note": "“以房换房”已连续举办三期（报道）；本期日期、规则、名额与范围为示意。",
         "source_note_en": "Three rounds have been held (reported); this round's dates, rules, quota and eligible "
                           "areas are illustrative."},
    {"number": 3, "title": "第三期“以房换房”", "title_en": "Housing swap, round 3",
         "opens_at": _at(2024, 9, 1), "closes_at": _at(2024, 11, 30), "status": RoundStatus.FINISHED,
         "eligible_districts": [District.QIAOKOU], "sub_district_codes": [],
         "min_area_m2": Decimal("20"), "max_area_m2": Decimal("200"), "min_building_age_years": 15,
         "quota": 400, "projects": ["kaide-yunlu", "hanjiangwan-jiangyu", "gutian-fenglin"],
         "source_note": "“以房换房”已连续举办三期（报道）；本期日期、规则、名额与范围为示意。收购旧房的范围已扩展至汉口片区，"
                        "报道未说明从哪一期开始。",
         "source_note_en": "Three rounds have been held (reported); this round's dates, rules, quota and eligible "
                           "areas are illustrative. The old homes bought now include the wider Hankou area; the "
                           "report does not say from which round."},
    {"number": 4, "title": "第四期“以房换房”（示意）", "title_en": "Housing swap, round 4 (illustrative)",
         "opens_at": _at(2025, 1, 1), "closes_at": _at(2030, 12, 31), "status": RoundStatus.OPEN,
         "eligible_districts": list(HANKOU_DISTRICTS), "sub_district_codes": [],
         "min_area_m2": None, "max_area_m2": None, "min_building_age_years": 15,
         "quota": 500, "projects": ["kaide-yunlu", "hanjiangwan-jiangyu", "gutian-fenglin", "baofeng-yunjin"],
         "source_note": "示意轮次：用于演示在线申请，并非官方公告。",
         "source_note_en": "An illustrative round for demonstrating online applications; not an official notice."},
]


def demo_id(birth: dt.date, serial: int) -> str:
    """A well-formed but invented resident ID (check digit correct)."""
    first17 = f"420104{birth:%Y%m%d}{serial:03d}"
    return first17 + id_check_character(first17)


def _upsert(model, lookup: dict, defaults: dict):
    """``update_or_create`` that saves only when something differs (no new history rows)."""
    obj = model.objects.filter(**lookup).first()
    if obj is None:
        return model.objects.create(**lookup, **defaults)
    changed = [f for f, v in defaults.items() if getattr(obj, f) != v]
    if changed:
        for field in changed:
            setattr(obj, field, defaults[field])
        obj.save()
    return obj


def _seed_projects() -> dict[str, NewHomeProject]:
    subs = {s.code: s for s in SubDistrict.objects.all()}
    projects = {}
    for data in PROJECTS:
        data = dict(data)
        sub = subs.get(data.pop("sub_district_code"))
        project = _upsert(
            NewHomeProject, {"code": data.pop("code")},
            {**data, "sub_district": sub, "is_illustrative": True, "is_partner": True},
        )
        projects[project.code] = project
    return projects


def _seed_rounds(projects) -> dict[int, Round]:
    rounds = {}
    for data in ROUNDS:
        data = dict(data)
        codes = data.pop("projects")
        sub_codes = data.pop("sub_district_codes")
        data["is_illustrative"] = True  # every round's dates, rules and quota are illustrative
        round_ = _upsert(
            Round, {"number": data.pop("number")},
            {**data, "allowed_ownership": [str(o) for o in _OWNERSHIP],
                      "required_document_kinds": [str(d) for d in _DOCS],
                      "eligible_districts": [str(d) for d in data["eligible_districts"]]},
        )
        round_.projects.set([projects[c] for c in codes])
        round_.eligible_sub_districts.set(SubDistrict.objects.filter(code__in=sub_codes))
        rounds[round_.number] = round_
    return rounds


# reference, round, status, proxy, history (list of (status, public note)), valuation, voucher
DEMO_APPLICATIONS = [
    ("HS01-DEMO0001", 1, Status.COMPLETED, False, Decimal("1380000.00"), VoucherStatus.REDEEMED),
    ("HS02-DEMO0002", 2, Status.REJECTED, False, None, None),
    ("HS03-DEMO0003", 3, Status.APPROVED, False, Decimal("1125000.00"), VoucherStatus.ISSUED),
    ("HS04-DEMO0004", 4, Status.MORE_DOCUMENTS_REQUESTED, True, None, None),
]

_PATHS = {
    Status.COMPLETED: [Status.SUBMITTED, Status.UNDER_REVIEW, Status.APPRAISAL_SCHEDULED, Status.APPRAISED,
                       Status.APPROVED, Status.CONTRACT_SIGNED, Status.COMPLETED],
    Status.REJECTED: [Status.SUBMITTED, Status.UNDER_REVIEW, Status.REJECTED],
    Status.APPROVED: [Status.SUBMITTED, Status.UNDER_REVIEW, Status.APPRAISAL_SCHEDULED, Status.APPRAISED, Status.APPROVED],
    Status.MORE_DOCUMENTS_REQUESTED: [Status.SUBMITTED, Status.UNDER_REVIEW, Status.MORE_DOCUMENTS_REQUESTED],
}
_NOTES = {
    Status.REJECTED: "旧房建成年限不满足本期规则（示意）。",
    Status.MORE_DOCUMENTS_REQUESTED: "请补充上传户口簿及委托书（示意）。",
}


def _seed_applications(rounds, projects) -> int:
    User = get_user_model()
    resident = User.objects.filter(username="resident").first()
    reviewer = User.objects.filter(username="reviewer").first()
    if resident is None:
        return 0
    count = 0
    for index, (reference, number, status, proxy, valuation, voucher_status) in enumerate(DEMO_APPLICATIONS):
        round_ = rounds[number]
        start = round_.opens_at + dt.timedelta(days=3)
        if number == 4:
            start = _at(2025, 3, 1)
        id_number = demo_id(dt.date(1948 + index, 3, 12), 31 + index)
        if Application.objects.filter(reference=reference).exists():
            count += 1
            continue  # never rewritten: running twice changes nothing (no new history rows)
        application = Application(reference=reference)
        values = {
            "round": round_, "applicant": resident, "status": status, "is_proxy": proxy,
            "applicant_name": "王示例" if not proxy else "王老示例",
            "id_number": id_number, "id_number_hash": lookup_hash(id_number), "phone": f"1380000{1000 + index:04d}",
            "proxy_name": "王示例" if proxy else "", "proxy_relationship": "儿子" if proxy else "",
            "old_home_district": District.QIAOKOU,
            "old_home_sub_district": SubDistrict.objects.filter(code="420104004").first(),
            "old_home_address": f"硚口区示例路{10 + index}号{index + 1}单元（示意）",
            "old_home_certificate_no": f"鄂(2010)武汉市硚口不动产权第00{index + 1}2345号",
            "old_home_area_m2": Decimal("68.50") + index, "old_home_building_year": 1990 + index,
            "old_home_ownership": Ownership.HOUSING_REFORM, "household_size": 3,
            "desired_project": projects["kaide-yunlu"], "consent": True, "consent_version": "2024-02",
            "consent_text": "(demo)", "consent_at": start, "submitted_at": start, "created_at": start,
            "valuation_amount": valuation, "is_illustrative": True,
            "requested_document_kinds": [DocumentKind.HOUSEHOLD_REGISTER, DocumentKind.PROXY_AUTHORISATION]
            if status == Status.MORE_DOCUMENTS_REQUESTED else [],
            "documents_requested_at": start + dt.timedelta(days=5) if status == Status.MORE_DOCUMENTS_REQUESTED else None,
            "decision_reason": _NOTES.get(Status.REJECTED, "") if status == Status.REJECTED else "",
            "status_changed_at": start + dt.timedelta(days=2 * len(_PATHS[status])),
        }
        for field, value in values.items():
            setattr(application, field, value)
        application.save()
        if not application.events.exists():
            previous = Status.DRAFT
            for step, target in enumerate(_PATHS[status]):
                ApplicationEvent.objects.create(
                    application=application, actor=resident if target == Status.SUBMITTED else reviewer,
                    from_status=previous, to_status=target, public_note=_NOTES.get(target, ""),
                    created_at=start + dt.timedelta(days=2 * step),
                )
                previous = target
        if voucher_status and not application.vouchers.exists():
            issued = application.status_changed_at
            Voucher.objects.create(
                code=f"GFQ-DEMO{number}-{index:04d}", application=application, round=round_, amount=valuation,
                issued_at=issued, expires_at=_at(2030, 12, 31), status=voucher_status, issued_by=reviewer,
                redeemed_at=issued + dt.timedelta(days=20) if voucher_status == VoucherStatus.REDEEMED else None,
                redeemed_project=projects["kaide-yunlu"] if voucher_status == VoucherStatus.REDEEMED else None,
                redeemed_by=reviewer if voucher_status == VoucherStatus.REDEEMED else None,
            )
        count += 1
    return count


def run(command) -> None:
    projects = _seed_projects()
    rounds = _seed_rounds(projects)
    demo = _seed_applications(rounds, projects) if settings.DEBUG else 0
    command.stdout.write(
        f"housing_swap: {len(rounds)} rounds (1-3 finished, 4 open, illustrative), {len(projects)} projects, "
        f"{demo} demo applications"
    )
