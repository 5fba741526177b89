"""The monthly cells behind the figures (``MonthFigures``, kept by the services) against the
figures computed by brute force from the reports, on random reports moved through random
steps (answers, resolutions, closings, transfers between sub-districts, ratings with a
reopening) over several months; then the rebuild command recounts the same cells."""

import datetime as dt
import random
import statistics
from collections import defaultdict

import pytest
from django.core.management import call_command

from apps.reports import figures, services
from apps.reports.models import Category, MonthFigures, Report, Status

from .conftest import TUESDAY_10

pytestmark = pytest.mark.django_db

H = dt.timedelta(hours=1)


def brute_force(*, by, first, last, now):
    """The measures straight from the reports, in Python."""
    keys = {"month": lambda r: r.month, "sub_district": lambda r: r.sub_district_id,
            "category": lambda r: r.category_id}
    groups = defaultdict(list)
    for report in Report.objects.filter(month__gte=first, month__lte=last):
        groups[tuple(keys[k](report) for k in by)].append(report)

    def median_hours(values):
        return round(statistics.median(values) / 3600, 2) if values else None

    result = {}
    for key, rows in groups.items():
        result[key] = {
            "reports": len(rows),
            "response_base": sum(1 for r in rows if r.acknowledged_at is not None or r.acknowledge_due < now),
            "responded_in_time": sum(1 for r in rows if r.acknowledged_in_time),
            "resolution_base": sum(1 for r in rows if r.status != Status.TRANSFERRED),
            "resolved": sum(1 for r in rows if r.status == Status.RESOLVED
                            or (r.status == Status.CLOSED and r.resolved_at is not None)),
            "rated": sum(1 for r in rows if r.rating),
            "satisfied": sum(1 for r in rows if r.rating in ("satisfied", "basically_satisfied")),
            "median_acknowledge_hours": median_hours([r.acknowledge_seconds for r in rows
                                                      if r.acknowledge_seconds is not None]),
            "median_resolve_hours": median_hours([r.resolve_seconds for r in rows if r.resolve_seconds is not None]),
        }
    return result


def from_figures(*, by, first, last, now):
    keys = {"month": "month", "sub_district": "sub_district_id", "category": "category_id"}
    return {tuple(row[keys[k]] for k in by): {name: row[name] for name in (
        "reports", "response_base", "responded_in_time", "resolution_base", "resolved", "rated", "satisfied",
        "median_acknowledge_hours", "median_resolve_hours")}
        for row in figures.monthly_figures(first=first, last=last, by=by, now=now)}


@pytest.fixture
def random_reports(official, district_admin, resident, community, other_community):
    rng = random.Random(1717)
    codes = list(Category.objects.filter(kind="").values_list("code", flat=True))
    places = [(community.lat, community.lon), (other_community.lat, other_community.lon)]
    streets = [community.sub_district, other_community.sub_district]
    for n in range(60):
        start = TUESDAY_10 - dt.timedelta(days=rng.randrange(0, 80), hours=rng.randrange(0, 24))
        lat, lon = rng.choice(places)
        report = services.report_submit(category=rng.choice(codes), description=f"随机的问题 {n}", lat=lat, lon=lon,
                                        reporter=resident, now=start)
        moment = start
        for _step in range(rng.randrange(0, 4)):
            moment += rng.randrange(1, 60) * H
            report.refresh_from_db()
            if not report.is_open:
                if report.status == Status.RESOLVED and not report.rated_at:
                    services.report_rate(report=report, user=resident, now=moment,
                                         rating=rng.choice(["satisfied", "basically_satisfied", "dissatisfied"]))
                continue
            roll = rng.random()
            if roll < 0.15:
                target = next(s for s in streets if s.pk != report.sub_district_id)
                services.report_transfer(report=report, actor=district_admin, sub_district=target,
                                         reason="不属于本街道管辖", now=moment)
            elif roll < 0.3:
                services.report_answer(report=report, actor=district_admin, public_answer="已经派人查看", now=moment)
            else:
                to = rng.choice([Status.IN_PROGRESS, Status.RESOLVED, Status.RESOLVED, Status.CLOSED,
                                 Status.TRANSFERRED])
                if report.status == Status.IN_PROGRESS and to == Status.IN_PROGRESS:
                    to = Status.RESOLVED
                services.report_transition(report=report, to_status=to, actor=district_admin,
                                           public_answer="处理结果已经公布", now=moment)
    assert Report.objects.filter(reopen_count=1).exists() and Report.objects.filter(status=Status.SUBMITTED).exists()
    assert Report.objects.values("month").distinct().count() >= 3
    return rng


@pytest.mark.parametrize("by", [("month", "sub_district", "category"), ("sub_district",), ("month",),
                                ("sub_district", "category"), ("month", "category")])
def test_cells_give_the_brute_force_figures(random_reports, by):
    first, last = dt.date(2026, 9, 1), dt.date(2026, 12, 1)
    for now in (TUESDAY_10 + H, TUESDAY_10 + 100 * H):  # some deadlines still ahead, then none
        assert from_figures(by=by, first=first, last=last, now=now) == brute_force(
            by=by, first=first, last=last, now=now)


def test_rebuild_recounts_the_same_cells(random_reports, capsys):
    kept = sorted(MonthFigures.objects.values_list(
        "month", "sub_district_id", "category_id", "reports", "responded_in_time", "resolution_base", "resolved",
        "rated", "satisfied", "acknowledge_median", "resolve_median").filter(reports__gt=0))
    MonthFigures.objects.all().delete()
    stray = MonthFigures.objects.create(month=dt.date(2020, 1, 1), sub_district_id=kept[0][1],
                                        category_id=kept[0][2], reports=3)
    call_command("reports_figures_rebuild")
    assert "monthly figure cells recounted" in capsys.readouterr().out
    assert not MonthFigures.objects.filter(pk=stray.pk).exists()
    assert sorted(MonthFigures.objects.values_list(
        "month", "sub_district_id", "category_id", "reports", "responded_in_time", "resolution_base", "resolved",
        "rated", "satisfied", "acknowledge_median", "resolve_median")) == kept
