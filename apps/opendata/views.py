"""``/open-data/``: the index of every dataset (its fields, size, update time and licence) and
the files themselves, ``/open-data/<kind>.csv`` and ``/open-data/<kind>.geojson``, streamed."""

import csv
import json

from django.http import Http404, StreamingHttpResponse
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from apps.places import registry

from .datasets import ATTRIBUTION, LICENCE, LICENCE_URL, columns, datasets, rows

# the portal's other open files, where their apps are installed: (URL name, label)
OTHER_FILES = [
    ("projects:export-csv", gettext_lazy("Livelihood projects (CSV)")),
    ("projects:export-json", gettext_lazy("Livelihood projects (JSON)")),
    ("projects:facilities-csv", gettext_lazy("Facilities by sub-district and kind (CSV)")),
]


def _other_files() -> list[dict]:
    found = []
    for name, label in OTHER_FILES:
        try:
            found.append({"url": reverse(name), "label": label})
        except NoReverseMatch:
            continue
    return found


@require_GET
def index(request):
    return render(request, "opendata/index.html", {
        "datasets": datasets(), "licence": LICENCE, "licence_url": LICENCE_URL, "other_files": _other_files(),
    })


def _known(kind: str) -> None:
    if registry.kind_info(kind) is None:
        raise Http404(_("There is no such dataset."))


class _Echo:
    def write(self, value):
        return value


def _licensed(response, filename: str):
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Link"] = f'<{LICENCE_URL}>; rel="license"'
    return response


@require_GET
def dataset_csv(request, kind: str):
    _known(kind)
    names = [name for name, _description in columns(kind)]
    writer = csv.DictWriter(_Echo(), fieldnames=names)

    def lines():
        yield "\ufeff"  # so spreadsheet programs read the Chinese correctly
        yield writer.writerow(dict(zip(names, names, strict=True)))
        for row in rows(kind):
            yield writer.writerow(row)

    return _licensed(StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8"), f"{kind}.csv")


@require_GET
def dataset_geojson(request, kind: str):
    _known(kind)

    def chunks():
        head = {"type": "FeatureCollection", "name": kind, "license": LICENCE, "license_url": LICENCE_URL,
                "attribution": str(ATTRIBUTION)}
        yield json.dumps(head, ensure_ascii=False)[:-1] + ', "features": ['
        for n, row in enumerate(rows(kind)):
            feature = {"type": "Feature", "id": row["id"],
                       "geometry": {"type": "Point", "coordinates": [row["lon"], row["lat"]]},
                       "properties": {k: v for k, v in row.items() if k not in ("lat", "lon")}}
            yield ("," if n else "") + json.dumps(feature, ensure_ascii=False)
        yield "]}"

    return _licensed(StreamingHttpResponse(chunks(), content_type="application/geo+json"), f"{kind}.geojson")
