"""``seed_demo`` part: the full 2024 livelihood-project list with its real figures, and an
ILLUSTRATIVE timeline (milestones, progress updates) for each project. Idempotent: rows are
matched on stable keys and saved only when something differs (so no new history rows)."""

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Q
from django.utils import timezone

from apps.places.models import Facility, SubDistrict

from .models import Milestone, ProgressMethod, ProgressUpdate, Project, QuantityKind, Status
from .seed_data import CUMULATIVE, PROJECTS_2024
from .services import project_progress_refresh

YEAR = 2024
ILLUSTRATIVE_NOTE = "（负责部门与进度时间线为演示示意，数字来自区公开报道。）"
ILLUSTRATIVE_NOTE_EN = (
    " (Department and timeline are illustrative; the figures are from the district's published report.)"
)
CUMULATIVE_NOTE = "（数字为近年累计，并非2024年当年的项目，因此没有2024年的进度时间线；负责部门为示意。）"
CUMULATIVE_NOTE_EN = (
    " (A total built up over recent years, not a 2024 project, so it has no 2024 timeline; the department is "
    "illustrative.)"
)
MAX_LINKED_FACILITIES = 200

MILESTONES = [
    ("年度民生实事清单公布", "The year's list published", dt.date(2024, 2, 28), dt.date(2024, 2, 28)),
    ("年中进度评估", "Mid-year review", dt.date(2024, 6, 30), dt.date(2024, 6, 28)),
    ("全面完成并验收", "Completed and accepted", dt.date(2024, 12, 31), dt.date(2024, 12, 20)),
]
# date, share of the target reached, note, note_en
UPDATES = [
    (dt.date(2024, 4, 15), Decimal("0.30"), "项目全面启动，首批任务推进中。", "Work started everywhere; the first batch is under way."),
    (dt.date(2024, 7, 15), Decimal("0.60"), "过半任务完成，进度符合年中计划。", "More than half done, on schedule at mid-year."),
    (dt.date(2024, 10, 15), Decimal("0.85"), "进入收尾阶段，剩余任务集中推进。", "Final stretch: the remaining work is being concentrated."),
    (dt.date(2024, 12, 20), Decimal("1"), "年度目标全部完成并通过验收。", "The year's target is fully met and accepted."),
]


def _aware(day: dt.date, hour: int = 10) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, 0)))


def _upsert(model, lookup: dict, values: dict):
    """Create, or update only the fields that differ (saving nothing when all match)."""
    obj = model.objects.filter(**lookup).first()
    if obj is None:
        return model.objects.create(**lookup, **values), True
    changed = [name for name, value in values.items() if getattr(obj, name) != value]
    if changed:
        for name in changed:
            setattr(obj, name, values[name])
        obj.save()
    return obj, False


# A row's link that is a part of a kind: (kind, words one of which the facility's Chinese name
# has, or its English name has). The seeds name their facilities by what they are (the
# elder-care levels of facts-2024.md items 4-6), so a row links the part it counts.
LINK_SUBSETS = {
    "pocket_park": ("park", ["口袋公园"], ["pocket park"]),
    "eldercare:complex": ("eldercare", ["养老服务综合体"], ["elder-care complex"]),
    "eldercare:centre_station": ("eldercare", ["老年人服务中心", "老年人服务站"],
                                 ["elder service centre", "elder service station"]),
    "eldercare:service_point": ("eldercare", ["服务网点"], ["service point"]),
}


def _linked_facilities(link: str | None):
    if not link:
        return Facility.objects.none()
    if link in LINK_SUBSETS:
        kind, words, words_en = LINK_SUBSETS[link]
        named = Q()
        for word in words:
            named |= Q(name__contains=word)
        for word in words_en:
            named |= Q(name_en__icontains=word)
        queryset = Facility.objects.published().filter(kind=kind).filter(named)
    else:
        queryset = Facility.objects.published().filter(kind=link)
    return queryset.order_by("id")[:MAX_LINKED_FACILITIES]


def _scaled(target: Decimal, share: Decimal) -> Decimal:
    step = Decimal("0.1") if target != target.to_integral_value() else Decimal(1)
    return (target * share).quantize(step, rounding=ROUND_HALF_UP)


def _timeline(project: Project, kind: str) -> int:
    created = 0
    if project.is_cumulative:
        # a total of recent years has no timeline of its own in this year
        Milestone.objects.filter(project=project, is_illustrative=True).delete()
        ProgressUpdate.objects.filter(project=project, is_illustrative=True).delete()
        return created
    if project.parent_id is None:
        for title, title_en, planned, actual in MILESTONES:
            _obj, new = _upsert(
                Milestone, {"project": project, "title": title},
                {"title_en": title_en, "planned_date": planned, "actual_date": actual,
                 "published_at": _aware(actual), "is_illustrative": True},
            )
            created += new
    if project.children.exists():
        return created  # progress comes from the sub-projects' own updates
    for day, share, note, note_en in UPDATES:
        if kind == QuantityKind.SHARE or project.target_quantity is None:
            achieved = project.target_quantity if share == 1 else None
            percent = (share * 100).quantize(Decimal("0.01"))
        else:
            achieved = _scaled(project.target_quantity, share)
            percent = None
        _obj, new = _upsert(
            ProgressUpdate, {"project": project, "posted_at": _aware(day)},
            {"note": note, "note_en": note_en, "achieved_quantity": achieved,
             "progress_percent": percent, "resulting_percent": (share * 100).quantize(Decimal("0.01")),
             "is_illustrative": True},
        )
        created += new
    return created


def _project_values(order, category, title, title_en, source, quantity, unit, unit_en, kind,
                    department, department_en, headline, description, description_en, cumulative=False):
    note, note_en = (CUMULATIVE_NOTE, CUMULATIVE_NOTE_EN) if cumulative else (ILLUSTRATIVE_NOTE, ILLUSTRATIVE_NOTE_EN)
    dates = (
        {"planned_start": None, "planned_end": None, "actual_start": None, "actual_end": None} if cumulative else
        {"planned_start": dt.date(2024, 1, 1), "planned_end": dt.date(2024, 12, 31),
         "actual_start": dt.date(2024, 2, 28), "actual_end": dt.date(2024, 12, 20)}
    )
    return {
        "year": YEAR, "order": order, "category": category, "title": title, "title_en": title_en,
        "description": (description + note) if description else note.strip("（）"),
        "description_en": (description_en + note_en).strip(),
        "source_text": source, "department": department, "department_en": department_en,
        "quantity_kind": kind, "target_quantity": quantity,
        # the source reports the year's figures as achieved
        "achieved_quantity": quantity,
        "unit": unit, "unit_en": unit_en,
        "progress_method": ProgressMethod.ENTERED if kind == QuantityKind.SHARE else ProgressMethod.DERIVED,
        "progress_percent": Decimal("100.00"),
        "status": Status.COMPLETED,
        **dates,
        "is_headline": headline, "is_illustrative": False, "is_cumulative": cumulative,
    }


def run(command) -> None:
    new_projects = new_entries = 0
    for order, entry in enumerate(PROJECTS_2024, start=1):
        (code, category, title, title_en, source, quantity, unit, unit_en, kind, department,
         department_en, headline, link, children, description, description_en) = entry
        cumulative = code in CUMULATIVE
        project, new = _upsert(Project, {"code": code}, _project_values(
            order, category, title, title_en, source, quantity, unit, unit_en, kind,
            department, department_en, headline, description, description_en, cumulative,
        ))
        new_projects += new
        for child_order, (suffix, c_title, c_title_en, c_qty, c_unit, c_unit_en, weight) in enumerate(
            children, start=1
        ):
            values = _project_values(
                child_order, category, c_title, c_title_en, source, c_qty, c_unit, c_unit_en,
                QuantityKind.COUNT, department, department_en, False, "", "", cumulative,
            )
            values.update({"parent": project, "weight": Decimal(weight)})
            child, new = _upsert(Project, {"code": f"{code}{suffix}"}, values)
            new_projects += new
            new_entries += _timeline(child, QuantityKind.COUNT)
        facilities = list(_linked_facilities(link))
        if facilities:
            project.facilities.set(facilities)
            streets = SubDistrict.objects.filter(communities__facilities__in=facilities).distinct()
            project.sub_districts.set(streets)
        new_entries += _timeline(project, kind)
    for project in Project.objects.filter(year=YEAR, parent__isnull=False):
        project_progress_refresh(project=project)
    total = Project.objects.filter(year=YEAR).count()
    top = Project.objects.filter(year=YEAR, parent__isnull=True).count()
    command.stdout.write(
        f"projects: {top} projects of the {YEAR} list ({total} with sub-projects, {new_projects} new), "
        f"{new_entries} new illustrative timeline entries"
    )
