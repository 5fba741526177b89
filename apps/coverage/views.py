"""Pages: /coverage/ (figures, map, tables; everything but the map works without
JavaScript) and the CSV download for planners."""

import csv

from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from apps.core.downloads import as_download
from apps.places.registry import detail_url

from .forms import CoverageFilterForm
from .models import coverage_kinds
from .reported import reported_coverage
from .selectors import coverage_rows, coverage_rows_by_kind, summarise, trend
from .services import coverage_ensure
from .standards import reaches


def _filters(request):
    form = CoverageFilterForm.from_query(request.GET)
    if form.is_valid():
        street = form.cleaned_data["street"]
        return form, form.cleaned_data["kind"], street
    return form, None, None


@require_GET
def coverage_page(request):
    form, kind, street = _filters(request)
    if kind is None:
        return render(request, "coverage/coverage.html", {"form": form}, status=400)
    reach_by_kind = reaches()
    # the district figures of every kind (for the comparison with the reported figures)
    for k in coverage_kinds():
        coverage_ensure(kind=k)
    every_kind = coverage_rows_by_kind({k: reach_by_kind[k] for k in coverage_kinds()})
    district = {k: summarise(kind_rows) for k, kind_rows in every_kind.items()}
    rows = (coverage_rows(kind=kind, street_id=street.pk, reach_m=reach_by_kind[kind]) if street
            else every_kind[kind])
    for row in rows:
        row.nearest_url = detail_url(row.nearest_kind, row.nearest_id)
    by_street: dict[int, list] = {}
    for row in every_kind[kind] if street else rows:
        by_street.setdefault(row.street.pk, [row.street, []])[1].append(row)
    streets = [{"street": s, **summarise(street_rows)} for s, street_rows in by_street.values()]
    unserved = sorted((r for r in rows if not r.served),
                      key=lambda r: (r.distance_m is None, -(r.distance_m or 0)))
    kind_labels = dict(form.fields["kind"].choices)
    comparison = [
        {"reported": item, "portal": district.get(item.facility_kind) if item.facility_kind else None,
         "kind_label": kind_labels.get(item.facility_kind, "")}
        for item in reported_coverage()
    ]
    street_query = f"&street={street.pk}" if street else ""
    context = {
        "form": form,
        "kind": kind,
        "kind_label": kind_labels[kind],
        "street": street,
        "reach_m": reach_by_kind[kind],
        "summary": summarise(rows),
        "district": district[kind],
        "rows": rows,
        "streets": streets,
        "unserved": unserved,
        "comparison": comparison,
        "trend": trend(kind=kind),
        "geojson_url": f"/api/v1/coverage/geojson/?kind={kind}{street_query}",
        "csv_url": f"/coverage/coverage.csv?kind={kind}{street_query}",
    }
    return render(request, "coverage/coverage.html", context)


@require_GET
def coverage_csv(request):
    form, kind, street = _filters(request)
    if kind is None:
        return HttpResponse(
            "; ".join(f"{field}: {' '.join(errors)}" for field, errors in form.errors.items()),
            status=400, content_type="text/plain; charset=utf-8",
        )
    coverage_ensure(kind=kind)
    reach = reaches()[kind]
    rows = coverage_rows(kind=kind, street_id=street.pk if street else None, reach_m=reach)
    stamp = timezone.localdate().isoformat()
    response = as_download(HttpResponse(content_type="text/csv; charset=utf-8"), filename=f"coverage-{kind}-{stamp}.csv")
    response.write("\ufeff")  # BOM: spreadsheet programs then read the Chinese names right
    writer = csv.writer(response)
    writer.writerow([
        _("community id"), _("community code"), _("community"), _("sub-district"), _("population"),
        _("latitude"), _("longitude"), _("kind"), _("reach (m)"), _("nearest facility id"),
        _("nearest facility"), _("distance (m)"), _("served"), _("illustrative data"),
    ])
    for row in rows:
        c = row.community
        writer.writerow([
            c.pk, c.code, c.display_name, row.street.display_name,
            "" if row.population is None else row.population, c.lat, c.lon, kind, reach,
            row.nearest_id or "", row.nearest_name,
            "" if row.distance_m is None else round(row.distance_m, 1),
            _("yes") if row.served else _("no"), _("yes") if c.is_illustrative else _("no"),
        ])
    return response
