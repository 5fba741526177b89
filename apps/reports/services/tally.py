"""The monthly figures' cells (``MonthFigures``): one per month, sub-district and category,
recomputed from its reports whenever a service changes one of them (submitted, a status
change, a rating, a transfer to another sub-district), inside the same transaction. The cell's
row is locked first, so two changes to one cell in parallel are counted one after the other
(the second recount sees the first's rows once it commits). A cell holds a few hundred
reports and is read through the ``report_month`` indexes: a recount is a handful of small
queries, whatever the number of reports."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.db.models import Count, Q

from ..models import MonthFigures, Rating, Report, Status

COUNTS = {
    "reports": Count("pk"),
    "responded_in_time": Count("pk", filter=Q(acknowledged_in_time=True)),
    "resolution_base": Count("pk", filter=~Q(status=Status.TRANSFERRED)),
    "resolved": Count("pk", filter=Q(status=Status.RESOLVED) | Q(status=Status.CLOSED, resolved_at__isnull=False)),
    "rated": Count("pk", filter=~Q(rating="")),
    "satisfied": Count("pk", filter=Q(rating__in=[Rating.SATISFIED, Rating.BASICALLY_SATISFIED])),
    # the durations' counts, for their medians
    "n_acknowledge": Count("acknowledge_seconds"),
    "n_resolve": Count("resolve_seconds"),
}


def _median(rows, column: str, n: int) -> float | None:
    """The middle value (the mean of the two middle ones) of ``column`` in ``rows``, read in
    order from the cell's index: at most two values fetched."""
    if not n:
        return None
    start = (n - 1) // 2
    values = list(rows.filter(**{f"{column}__isnull": False}).order_by(column)
                  .values_list(column, flat=True)[start:start + 2 - n % 2])
    return sum(values) / len(values)


def cell_refresh(*, month: dt.date, sub_district_id: int, category_id: int) -> MonthFigures:
    """Recount one cell from its reports (call inside the transaction that changed them)."""
    with transaction.atomic():
        cell, _created = MonthFigures.objects.select_for_update().get_or_create(
            month=month, sub_district_id=sub_district_id, category_id=category_id)
        rows = Report.objects.filter(month=month, sub_district_id=sub_district_id, category_id=category_id)
        counts = rows.aggregate(**COUNTS)
        for name in COUNTS:
            if not name.startswith("n_"):
                setattr(cell, name, counts[name])
        cell.acknowledge_median = _median(rows, "acknowledge_seconds", counts["n_acknowledge"])
        cell.resolve_median = _median(rows, "resolve_seconds", counts["n_resolve"])
        cell.save()
    return cell


def report_tally(report: Report, *, previous_sub_district_id: int | None = None) -> None:
    """Recount the cell of ``report`` (and, after a transfer, the cell it left)."""
    streets = {report.sub_district_id}
    if previous_sub_district_id is not None:
        streets.add(previous_sub_district_id)
    for sub_district_id in sorted(streets):  # cells locked in one order: two transfers cannot deadlock
        cell_refresh(month=report.month, sub_district_id=sub_district_id, category_id=report.category_id)


def figures_rebuild() -> int:
    """Every cell recounted from the reports (after a bulk load or to check): the cells
    without reports are removed. Returns the number of cells."""
    cells = set(Report.objects.order_by().values_list("month", "sub_district_id", "category_id").distinct())
    with transaction.atomic():
        MonthFigures.objects.exclude(
            pk__in=[pk for pk, *key in MonthFigures.objects.values_list("pk", "month", "sub_district_id", "category_id")
                    if tuple(key) in cells]).delete()
    for month, sub_district_id, category_id in sorted(cells):
        cell_refresh(month=month, sub_district_id=sub_district_id, category_id=category_id)
    return len(cells)
