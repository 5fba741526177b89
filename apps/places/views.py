from django.shortcuts import render
from django.views.decorators.http import require_GET

from apps.core.contributions import PlaceLink, contributions, map_taps

from . import crs
from .forms import NearbyForm
from .nearby_filters import nearby_rows, rows_geojson


@require_GET
def nearby_page(request):
    """Where is the nearest facility of each kind, open now, with something free now? A GET form:
    works without JS."""
    form = NearbyForm(request.GET or None)
    rows = None
    origin = None
    searched = False
    if request.GET and form.is_valid():
        origin = form.origin()
        if origin is not None:
            searched = True
            lat, lon, _community = origin
            data = form.cleaned_data
            rows = nearby_rows(lat=lat, lon=lon, radius_m=data["radius"], kinds=data["kind"] or None, limit=20,
                               filters=form.filters())
    context = {
        "form": form,
        "rows": rows or [],
        "searched": searched,
        "origin": origin,
        "origin_display": crs.from_wgs84(form.cleaned_data.get("crs") or crs.WGS84, origin[0], origin[1])
        if origin and form.is_bound and form.is_valid() else None,
        "radius": form.cleaned_data.get("radius") if form.is_bound and form.is_valid() else None,
        "points": rows_geojson(rows or []),
        # what other apps offer about the searched point (reports: "report a problem here")
        "place_links": [{"key": link.key, "label": link.label, "url": link.url(origin[0], origin[1])}
                        for link in sorted(contributions(PlaceLink), key=lambda link: link.order)] if origin else [],
        # the same links offered where the resident taps the map (its script fills in the point)
        "map_taps": map_taps(),
    }
    return render(request, "places/nearby.html", context)
