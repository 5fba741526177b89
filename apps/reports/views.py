"""Pages for residents: the public list and a report's page (never personal data), the form
to report a problem (with the duplicate check: open reports of the same category within
50 m or on the same facility are offered for "me too" first), "me too" and the reporter's
rating. Everything works without JavaScript."""

from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render, resolve_url
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from apps.core.contributions import map_taps
from apps.core.errors import problem
from apps.core.pagination import BadPage, seek_page
from apps.core.throttles import page_throttle_wait
from apps.places import registry
from apps.places.models import Community, Facility

from . import selectors, services
from .clients import address_hash
from .filters import ReportFilter
from .forms import RateForm, ReportForm
from .models import Source
from .services.locate import parse_point

PAGE_SIZE = 20


def map_points(reports) -> dict:
    """Reports as the map component's GeoJSON (their public points)."""
    return {"type": "FeatureCollection", "features": [
        {"type": "Feature", "geometry": {"type": "Point", "coordinates": [r.public_lon, r.public_lat]},
         "properties": {"id": r.pk, "name": f"{r.reference} {r.category.display_name}",
                        "kind_label": r.get_status_display(), "url": f"/reports/{r.pk}/", "open_now": None}}
        for r in reports
    ]}


MAP_MAX_POINTS = 500
FILTER_PARAMS = ("kind", "category", "status", "street", "date_from", "date_to")


def filter_query(params) -> str:
    """The list's filters alone (no page or cursor): the map's query string."""
    return urlencode([(k, v) for k in FILTER_PARAMS for v in params.getlist(k) if v])


@require_GET
def report_map(request):
    """The public reports matching the list's filters as GeoJSON for the map (WGS-84; private
    reports at their point rounded to about 100 m; no personal data), newest first, at most
    ``MAP_MAX_POINTS`` (``truncated`` says when more matched)."""
    filterset = ReportFilter(request.GET, queryset=selectors.public_reports())
    if not filterset.is_valid():
        return JsonResponse({"type": "FeatureCollection", "features": [], "errors": filterset.errors},
                            status=400, content_type="application/geo+json")
    body = selectors.map_features(filterset.qs, limit=MAP_MAX_POINTS)
    return JsonResponse(body, content_type="application/geo+json", json_dumps_params={"ensure_ascii": False})


@require_GET
def report_list(request):
    filterset = ReportFilter(request.GET, queryset=selectors.public_reports())
    valid = filterset.is_valid()
    queryset = filterset.qs if valid else selectors.public_reports().none()

    def load(pks):
        return selectors.public_reports().filter(pk__in=pks)

    page_error = None
    try:
        page = seek_page(queryset, request.GET, order=selectors.LIST_ORDER, page_size=PAGE_SIZE, load=load)
    except BadPage as bad:
        page_error, valid = bad.message, False
        page = seek_page(queryset, {}, order=selectors.LIST_ORDER, page_size=PAGE_SIZE, load=load)
    reports = page.object_list
    return render(request, "reports/report_list.html", {
        "form": filterset.form, "page": page, "page_error": page_error, "reports": reports,
        "map_query": filter_query(request.GET), "map_max": MAP_MAX_POINTS,
        "map_taps": map_taps(),  # "report a problem here" where the map is tapped
    }, status=200 if valid else 400)


@require_GET
def report_detail(request, pk: int):
    report = selectors.public_report_detail(pk=pk, user=request.user)
    viewer = selectors.viewer_of(report=report, user=request.user,
                                 address_hash=None if request.user.is_authenticated else address_hash(request))
    return render(request, "reports/report_detail.html", {
        "report": report, "viewer": viewer, "rate_form": RateForm() if viewer.can_rate else None,
        "facility": report.facility_display, "map_points": map_points([report]),
        "login_url": f"{resolve_url(settings.LOGIN_URL)}?{urlencode({'next': f'/reports/{report.pk}/'})}",
    })


def _facility(value):
    try:
        pk = int(value)
    except (TypeError, ValueError):
        return None
    return Facility.objects.published().select_related("community__sub_district").filter(pk=pk).first()


@require_http_methods(["GET", "POST"])
def report_new(request):
    facility = _facility(request.POST.get("facility") if request.method == "POST" else request.GET.get("facility"))
    categories = list(selectors.categories(kind=facility.kind if facility else None))
    duplicates, status = [], 200
    if request.method == "GET":
        initial = {k: request.GET[k] for k in ("category", "lat", "lon", "crs", "community") if request.GET.get(k)}
        if facility is not None:
            initial["facility"] = facility.pk
        form = ReportForm(initial=initial, categories=categories)
    else:
        form = ReportForm(request.POST, request.FILES, categories=categories)
        if form.is_valid():
            data = form.cleaned_data
            point = _point(form, data, facility)
            if not form.errors and not data["confirm_new"]:
                duplicates = _duplicates(data, point, facility)
            if form.errors:
                status = 400
            elif duplicates:
                form = _confirm_step(request, categories)
            else:
                wait = page_throttle_wait(request, "report_submit")
                if wait is not None:
                    return problem(request, _("Too many reports in a short time. Please try again in %(s)s seconds.")
                                   % {"s": wait}, status=429, headers={"Retry-After": str(wait)})
                try:
                    report = services.report_submit(
                        category=data["category"], description=data["description"],
                        lat=point[0] if point else None, lon=point[1] if point else None,
                        facility_id=facility.pk if facility else data["facility"], address_string=data["address"],
                        location_private=data["location_private"], contact_name=data["contact_name"],
                        contact_phone=data["contact_phone"], contact_email=data["contact_email"],
                        reporter=request.user, source=Source.WEB, photos=data["photos"],
                        share_photo_location=data["share_photo_location"],
                    )
                except ValidationError as exc:
                    form.add_service_errors(exc)
                    status = 400
                else:
                    messages.success(request, _("Thank you: your report %(reference)s has been received.")
                                     % {"reference": report.reference})
                    return redirect("reports:detail", pk=report.pk)
        else:
            status = 400
    return render(request, "reports/report_new.html", {
        "form": form, "facility": facility, "facility_url": registry.detail_url(facility.kind, facility.pk) if facility else "",
        "duplicates": duplicates, "photos_dropped": bool(duplicates and request.FILES),
        "login_url": f"{resolve_url(settings.LOGIN_URL)}?{urlencode({'next': request.get_full_path()})}",
    }, status=status)


def _point(form, data, facility):
    """The report's point in WGS-84 (checked against the district), or None when the facility
    or the address places it; errors go on the form."""
    try:
        if data["lat"] is not None or data["lon"] is not None:
            return parse_point(lat=data["lat"], lon=data["lon"], crs=data["crs"] or "wgs84")
        if data["community"]:
            community = Community.objects.filter(pk=data["community"]).only("lat", "lon").first()
            if community is None:
                form.add_error("community", _("Choose one of the listed communities."))
                return None
            return parse_point(lat=community.lat, lon=community.lon)
    except ValidationError as exc:
        form.add_service_errors(exc)
        return None
    if facility is None and not data["address"]:
        form.add_error("community", _("Give the place: choose a community, or enter latitude and longitude."))
    return None


def _duplicates(data, point, facility):
    category = next((c for c in selectors.categories() if c.code == data["category"]), None)
    if category is None:
        return []
    if point is None and facility is not None:
        point = (facility.lat, facility.lon)
    return selectors.duplicates(category=category, lat=point[0] if point else None,
                                lon=point[1] if point else None, facility_id=facility.pk if facility else None,
                                radius_m=services.submit.DUPLICATE_RADIUS_M)


def _confirm_step(request, categories):
    """The same form, filled in, that now submits a new report whatever the duplicates."""
    data = request.POST.copy()
    data["confirm_new"] = "True"
    form = ReportForm(data, categories=categories)
    form.is_valid()
    form.errors.pop("photos", None)
    return form


@require_POST
def report_support(request, pk: int):
    report = get_object_or_404(selectors.public_reports(), pk=pk)
    wait = page_throttle_wait(request, "report_support")
    if wait is not None:
        return problem(request, _("Too many requests in a short time. Please try again in %(s)s seconds.") % {"s": wait},
                       status=429, headers={"Retry-After": str(wait)})
    try:
        counted = services.report_support(report=report, user=request.user, address_hash=address_hash(request))
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        if counted:
            messages.success(request, _("Thank you: your “me too” has been counted."))
        else:
            messages.info(request, _("You have already said so for this report."))
    return redirect("reports:detail", pk=report.pk)


@require_POST
def report_rate(request, pk: int):
    if not request.user.is_authenticated:
        return redirect_to_login(f"/reports/{pk}/")
    report = get_object_or_404(selectors.visible_reports(request.user), pk=pk)
    form = RateForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, message)
        return redirect("reports:detail", pk=report.pk)
    try:
        services.report_rate(report=report, user=request.user, rating=form.cleaned_data["rating"],
                             comment=form.cleaned_data["comment"])
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Thank you for rating the answer."))
    return redirect("reports:detail", pk=report.pk)


FOLLOW_ACTIONS = ("follow", "unfollow")


@require_POST
def report_follow(request, pk: int):
    """Follow or stop following a report (``action``: follow / unfollow): signed-in residents
    only; followers get a notice of every public change. Works without JavaScript."""
    report = get_object_or_404(selectors.visible_reports(request.user), pk=pk)
    if not request.user.is_authenticated:
        return redirect_to_login(f"/reports/{report.pk}/")
    action = request.POST.get("action", "")
    if action not in FOLLOW_ACTIONS:
        return problem(request, _("Choose to follow or to stop following the report."), status=400)
    if action == "unfollow":
        services.report_unfollow(report=report, user=request.user)
        messages.success(request, _("You no longer follow this report."))
    else:
        services.report_follow(report=report, user=request.user)
        messages.success(request, _("You now follow this report: each answer will reach you as a notice."))
    return redirect("reports:detail", pk=report.pk)
