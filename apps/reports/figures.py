"""The 12345 measures of problem reports by month (a selector): per sub-district and/or
category, for the months of the reports' submission (Beijing time):

- **response rate within deadline**: reports acknowledged (first answer) by their
  acknowledge deadline, over the reports whose deadline has passed or that were acknowledged;
- **resolution rate**: reports resolved (resolved now, or closed after a resolution), over the
  reports that are the district's to resolve (all but those transferred as "not ours");
- **satisfaction rate**: "satisfied" and "basically satisfied" ratings over all ratings;
- **median time to acknowledge / to resolve**: of the acknowledged / resolved reports, in hours.

Read from the monthly cells (``MonthFigures``: per month, sub-district and category, kept
exact by the services, ``services/tally.py``), not from the reports: three queries whatever
the number of reports (the cells' sums, the few reports still inside their acknowledge
deadline, and, for a grouping coarser than the cells, the medians from the reports through
the ``report_month_ack``/``report_month_resolve`` indexes: window functions, the same SQL on
SQLite and PostgreSQL; per cell, the cells hold their medians)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import connection
from django.db.models import Max, Sum
from django.utils import timezone
from django.utils.translation import get_language

from .models import MonthFigures, Report

GROUPINGS = {"month": "month", "sub_district": "sub_district_id", "category": "category_id"}
# what a cell (MonthFigures) counts; the response base is its reports less those not yet due
CELL_COUNTS = ("reports", "responded_in_time", "resolution_base", "resolved", "rated", "satisfied")


@dataclass(frozen=True)
class MonthRange:
    first: dt.date
    last: dt.date


def month_start(day: dt.date) -> dt.date:
    return day.replace(day=1)


def add_months(month: dt.date, n: int) -> dt.date:
    index = month.year * 12 + month.month - 1 + n
    return dt.date(index // 12, index % 12 + 1, 1)


def latest_month() -> dt.date | None:
    return Report.objects.aggregate(latest=Max("month"))["latest"]


def _rate(part: int, whole: int) -> float | None:
    return round(100.0 * part / whole, 1) if whole else None


def monthly_figures(*, first: dt.date, last: dt.date, by: tuple[str, ...] = ("month", "sub_district", "category"),
                    sub_district_id: int | None = None, category_id: int | None = None,
                    now: dt.datetime | None = None) -> list[dict]:
    """One row per group of ``by`` (a subset of month, sub_district, category) for the months
    ``first``..``last`` (first days of months), ordered by the groups."""
    now = now or timezone.now()
    unknown = set(by) - set(GROUPINGS)
    if unknown or not by:
        raise ValueError(f"group by month, sub_district and/or category, not {sorted(unknown)}")
    columns = [GROUPINGS[key] for key in by]
    first, last = month_start(first), month_start(last)
    cells = MonthFigures.objects.filter(month__gte=first, month__lte=last, reports__gt=0)
    if sub_district_id is not None:
        cells = cells.filter(sub_district_id=sub_district_id)
    if category_id is not None:
        cells = cells.filter(category_id=category_id)
    named = [*columns]
    if "sub_district" in by:
        named += ["sub_district__code", "sub_district__name", "sub_district__name_en"]
    if "category" in by:
        named += ["category__code", "category__name", "category__name_en"]
    # one cell per row (each of month, sub-district and category grouped or fixed): the
    # cells' medians are the rows'
    per_cell = (("month" in by or first == last) and ("sub_district" in by or sub_district_id is not None)
                and ("category" in by or category_id is not None))
    sums = {name: Sum(name) for name in CELL_COUNTS}
    if per_cell:
        sums.update(acknowledge_median=Max("acknowledge_median"), resolve_median=Max("resolve_median"))
    rows = list(cells.order_by().values(*named).annotate(**sums).order_by(*columns))
    not_due = _not_yet_due(columns, first=first, last=last, sub_district_id=sub_district_id,
                           category_id=category_id, now=now)
    for row in rows:
        # the response base: acknowledged, or not yet but past the deadline
        row["response_base"] = row["reports"] - not_due.get(tuple(_normal(row[c]) for c in columns), 0)
    filters = {"first": month_start(first), "last": month_start(last), "sub_district_id": sub_district_id,
               "category_id": category_id}
    medians = {} if per_cell else _medians(columns, **filters)
    english = (get_language() or "").lower().startswith("en")
    result = []
    for row in rows:
        key = tuple(_normal(row[c]) for c in columns)
        if per_cell:
            ack, res = row["acknowledge_median"], row["resolve_median"]
        else:
            ack, res = medians.get(("acknowledge_seconds", *key)), medians.get(("resolve_seconds", *key))
        item = {
            "reports": row["reports"],
            "responded_in_time": row["responded_in_time"], "response_base": row["response_base"],
            "response_rate": _rate(row["responded_in_time"], row["response_base"]),
            "resolved": row["resolved"], "resolution_base": row["resolution_base"],
            "resolution_rate": _rate(row["resolved"], row["resolution_base"]),
            "rated": row["rated"], "satisfied": row["satisfied"],
            "satisfaction_rate": _rate(row["satisfied"], row["rated"]),
            "median_acknowledge_hours": round(ack / 3600, 2) if ack is not None else None,
            "median_resolve_hours": round(res / 3600, 2) if res is not None else None,
        }
        if "month" in by:
            item["month"] = _normal(row["month"])
        if "sub_district" in by:
            item["sub_district_id"] = row["sub_district_id"]
            item["sub_district"] = (row["sub_district__code"],
                                    (english and row["sub_district__name_en"]) or row["sub_district__name"])
        if "category" in by:
            item["category_id"] = row["category_id"]
            item["category"] = (row["category__code"],
                                (english and row["category__name_en"]) or row["category__name"])
        result.append(item)
    return result


def _not_yet_due(columns: list[str], *, first, last, sub_district_id, category_id, now) -> dict[tuple, int]:
    """Per group: the reports not acknowledged whose acknowledge deadline is still ahead (the
    few submitted in the last working hours), read through the ``report_unacknowledged``
    index alone: the months and filters are applied to its few groups here, as a month range
    in the query would lead the planner to the months' index (every report of the range)."""
    found: dict[tuple, int] = {}
    rows = (Report.objects.filter(acknowledged_at__isnull=True, acknowledge_due__gte=now).order_by()
            .values_list("month", "sub_district_id", "category_id"))  # no GROUP BY: it would pick an index to group
    for month, sub_district, category in rows:
        row = {"month": _normal(month), "sub_district_id": sub_district, "category_id": category}
        if not first <= row["month"] <= last:
            continue
        if sub_district_id is not None and sub_district != sub_district_id:
            continue
        if category_id is not None and category != category_id:
            continue
        key = tuple(row[c] for c in columns)
        found[key] = found.get(key, 0) + 1
    return found


def _normal(value):
    if isinstance(value, str):  # SQLite hands dates back as text in raw queries
        return dt.date.fromisoformat(value)
    if isinstance(value, dt.datetime):
        return value.date()
    return value


def _medians(keys: list[str], *, first, last, sub_district_id, category_id) -> dict[tuple, float]:
    """The medians of the times to acknowledge and to resolve per group of ``keys``, in one
    query: the middle value, or the mean of the two middle values (window functions, SQLite
    3.25+ and PostgreSQL). Keys: ``(column, *group)``. Only column names of this module and
    placeholders go into the SQL."""
    table = Report._meta.db_table
    qn = connection.ops.quote_name
    key_sql = ", ".join(qn(k) for k in keys)
    where = [f"{qn('month')} >= %s", f"{qn('month')} <= %s"]
    params: list = [connection.ops.adapt_datefield_value(first), connection.ops.adapt_datefield_value(last)]
    if sub_district_id is not None:
        where.append(f"{qn('sub_district_id')} = %s")
        params.append(sub_district_id)
    if category_id is not None:
        where.append(f"{qn('category_id')} = %s")
        params.append(category_id)
    parts = []
    for column in ("acknowledge_seconds", "resolve_seconds"):
        parts.append(
            f"SELECT '{column}' AS measure, {key_sql}, AVG(v) FROM ("  # noqa: S608 (no user input)
            f" SELECT {key_sql}, {qn(column)} AS v,"
            f" ROW_NUMBER() OVER (PARTITION BY {key_sql} ORDER BY {qn(column)}) AS rn,"
            f" COUNT(*) OVER (PARTITION BY {key_sql}) AS n"
            f" FROM {qn(table)} WHERE {qn(column)} IS NOT NULL AND {' AND '.join(where)}"
            f") ranked_{column} WHERE rn IN ((n + 1) / 2, (n + 2) / 2) GROUP BY {key_sql}"
        )
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join(parts), params * 2)
        return {(row[0], *(_normal(v) for v in row[1:-1])): float(row[-1]) for row in cursor.fetchall()}


def dashboard_figures(*, month: dt.date | None = None, now: dt.datetime | None = None) -> dict | None:
    """The dashboard's table: one row per sub-district for ``month`` (default: the latest month
    with reports), and the district's total."""
    month = month_start(month) if month else latest_month()
    if month is None:
        return None
    rows = monthly_figures(first=month, last=month, by=("sub_district",), now=now)
    sums = {k: sum(r[k] for r in rows) for k in ("reports", "responded_in_time", "response_base", "resolved",
                                                  "resolution_base", "satisfied", "rated")}
    total = {**sums, "response_rate": _rate(sums["responded_in_time"], sums["response_base"]),
             "resolution_rate": _rate(sums["resolved"], sums["resolution_base"]),
             "satisfaction_rate": _rate(sums["satisfied"], sums["rated"])}
    return {"month": month, "rows": rows, "total": total}


CSV_COLUMNS = [
    "month", "sub_district_code", "sub_district", "category_code", "category", "reports",
    "response_rate", "resolution_rate", "satisfaction_rate", "median_acknowledge_hours", "median_resolve_hours",
    "responded_in_time", "response_base", "resolved", "resolution_base", "satisfied", "rated",
]


def csv_rows(*, first: dt.date, last: dt.date, now: dt.datetime | None = None):
    """The open-data file: per month, sub-district and category."""
    for row in monthly_figures(first=first, last=last, now=now):
        yield {
            "month": row["month"].strftime("%Y-%m"),
            "sub_district_code": row["sub_district"][0], "sub_district": row["sub_district"][1],
            "category_code": row["category"][0], "category": row["category"][1],
            **{k: ("" if row[k] is None else row[k]) for k in CSV_COLUMNS[5:]},
        }
