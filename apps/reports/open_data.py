"""Open data: the monthly 12345 measures as CSV (``/reports/figures.csv?from=YYYY-MM&to=YYYY-MM``,
default the latest month with reports, at most twelve months a file). Nothing personal:
counts and rates only."""

import csv
import datetime as dt

from django.http import HttpResponse, HttpResponseBadRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from apps.core.downloads import as_download

from . import figures

DEFAULT_MONTHS = 1
MAX_MONTHS = 12


def _month(value: str) -> dt.date:
    year, _sep, month = value.partition("-")
    if len(year) != 4 or len(month) != 2:
        raise ValueError(value)
    return dt.date(int(year), int(month), 1)


@require_GET
def figures_csv(request):
    latest = figures.latest_month() or figures.month_start(timezone.localdate())
    try:
        last = _month(request.GET["to"]) if request.GET.get("to") else latest
        first = _month(request.GET["from"]) if request.GET.get("from") else figures.add_months(last, 1 - DEFAULT_MONTHS)
    except ValueError:
        return HttpResponseBadRequest(_("Give the months as YYYY-MM (from, to)."), content_type="text/plain; charset=utf-8")
    if first > last or figures.add_months(first, MAX_MONTHS) <= last:
        return HttpResponseBadRequest(_("Choose at most 12 months, the first before the last."),
                                      content_type="text/plain; charset=utf-8")
    response = as_download(HttpResponse(content_type="text/csv; charset=utf-8"),
                           filename="problem-report-figures.csv")
    response.write("\ufeff")  # so spreadsheet programs read the Chinese correctly
    writer = csv.DictWriter(response, fieldnames=figures.CSV_COLUMNS)
    writer.writeheader()
    writer.writerows(figures.csv_rows(first=first, last=last))
    return response
