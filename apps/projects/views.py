"""Pages: the district dashboard, the project list and a project's page, open-data files."""

import csv

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.serializers.json import DjangoJSONEncoder
from django.http import Http404, HttpResponse, HttpResponseRedirect, JsonResponse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from apps.core.cache import cached_page, facility_namespaces
from apps.core.downloads import as_download
from apps.core.pagination import BadPage, seek_page
from apps.places import registry
from apps.places.pages import feature_collection

from . import access, charts, selectors, services
from .filters import ProjectFilter
from .models import Category, Project, Status
from .selectors import number

PAGE_SIZE = 20
LIST_ORDER = ("-year", "order", "code")  # Project.Meta.ordering; the keyset of the list's cursor links


def _namespaces() -> tuple[str, ...]:
    """The data the pages show (projects link their facilities; the dashboard counts them)."""
    return ("projects", *facility_namespaces())


def _dashboard_namespaces() -> tuple[str, ...]:
    return (*_namespaces(), "coverage", "report_figures")  # its coverage headline, problem-report figures


def _int_or_none(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


@require_GET
def dashboard(request):
    # the same for every visitor: cached per language, year and data version
    def build():
        figures = selectors.dashboard_figures(_int_or_none(request.GET.get("year")))
        progress = charts.progress_chart(
            [{"label": p["title"], "percent": p["progress_percent"], "status": p["status_label"]}
             for p in figures["projects"]]
        )
        facilities = figures["facilities"]
        kinds = [k["kind"] for k in facilities["kinds"]]
        facility_chart = charts.stacked_chart(
            [{"label": s["name"], "values": s["counts"]} for s in facilities["sub_districts"]], kinds,
            labels={k["kind"]: k["label"] for k in facilities["kinds"]},
        )
        return "projects/_dashboard_content.html", {
            "figures": figures,
            "progress_chart": progress,
            "facility_chart": facility_chart,
        }, 200

    return cached_page(request, name="projects:dashboard", namespaces=_dashboard_namespaces(), build=build,
                       template="projects/dashboard.html", per_minute=False)


def _filtered(request, *, include_sub_projects=False):
    filterset = ProjectFilter(
        request.GET, queryset=selectors.project_list(include_sub_projects=include_sub_projects)
    )
    queryset = filterset.qs if filterset.is_valid() else filterset.queryset.none()
    return filterset, queryset


@require_GET
def project_list(request):
    # shared while the visitor is anonymous; a signed-in visitor's list marks what they follow
    def build():
        filterset, queryset = _filtered(request)
        page_error, status = None, 200
        try:
            page = seek_page(queryset, request.GET, order=LIST_ORDER, page_size=PAGE_SIZE)
        except BadPage as bad:  # a cursor the list did not make: its first page, and why
            page_error, status = bad.message, 400
            page = seek_page(queryset, {}, order=LIST_ORDER, page_size=PAGE_SIZE)
        for project in page.object_list:  # each card's link, formatted rather than reversed per card
            project.detail_url = registry.reverse_with_id("projects:detail", project.pk)
        followed = selectors.followed_project_ids(
            user=request.user, project_ids=[p.pk for p in page.object_list]
        )
        query = request.GET.copy()
        for key in ("page", "cursor", "page_size"):
            query.pop(key, None)
        return "projects/_project_list_content.html", {
            "filter": filterset,
            "page": page,
            "page_error": page_error,
            "projects": page.object_list,
            "followed": followed,
            "querystring": query.urlencode(),
            "years": [(year, year) for year in selectors.project_years()],
            "categories": Category.choices,
            "statuses": Status.choices,
            # the sub-districts as the filter's field lists them (kept per process: no query)
            "streets": [(value, label) for value, label in filterset.form.fields["street"].choices if value != ""],
        }, status

    return cached_page(request, name="projects:list", namespaces=_namespaces(), build=build,
                       template="projects/project_list.html", shared=not request.user.is_authenticated,
                       per_minute=False)


@require_GET
def project_detail(request, pk: int):
    # shared while the visitor is anonymous; a signed-in visitor sees their follow button
    def build():
        try:
            project = selectors.project_detail(pk=pk)
        except Project.DoesNotExist:
            raise Http404 from None
        facilities = project.published_facilities
        for facility in facilities:
            facility.detail_url = registry.detail_url(facility.kind, facility.pk)
        return "projects/_project_detail_content.html", {
            "page_title": project.display_title,
            "project": project,
            "timeline": selectors.project_timeline(project=project),
            "facilities": facilities,
            "map_points": feature_collection(facilities),
            "following": selectors.is_following(user=request.user, project=project),
            "follower_count": project.follows.count(),
            "can_post": access.can_post_progress(request.user, project),
        }, 200

    return cached_page(request, name=f"projects:detail:{pk}", namespaces=_namespaces(), build=build,
                       template="projects/project_detail.html", shared=not request.user.is_authenticated)


@require_POST
def project_follow(request, pk: int):
    try:
        project = Project.objects.get(pk=pk)
    except Project.DoesNotExist:
        raise Http404 from None
    if not request.user.is_authenticated:
        return redirect_to_login(project.get_absolute_url())
    if request.POST.get("action") == "unfollow":
        services.project_unfollow(user=request.user, project=project)
        messages.success(request, _("You no longer follow this project."))
    else:
        services.project_follow(user=request.user, project=project)
        messages.success(request, _("You now follow this project: each progress update will reach you as a notice."))
    target = request.POST.get("next") or project.get_absolute_url()
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = project.get_absolute_url()
    return HttpResponseRedirect(target)


EXPORT_FIELDS = [
    "id", "code", "parent_code", "year", "category", "title", "title_en", "department",
    "target_quantity", "achieved_quantity", "unit", "unit_en", "quantity_kind", "progress_percent",
    "status", "planned_start", "planned_end", "actual_start", "actual_end", "sub_districts",
    "source_text", "is_illustrative", "url",
]


def _export_rows(request):
    _filterset, queryset = _filtered(request, include_sub_projects=True)
    queryset = queryset.select_related("parent")
    for p in queryset:
        yield {
            "id": p.pk,
            "code": p.code,
            "parent_code": p.parent.code if p.parent else "",
            "year": p.year,
            "category": p.category,
            "title": p.title,
            "title_en": p.title_en,
            "department": p.department,
            "target_quantity": number(p.target_quantity),
            "achieved_quantity": number(p.achieved_quantity),
            "unit": p.unit,
            "unit_en": p.unit_en,
            "quantity_kind": p.quantity_kind,
            "progress_percent": number(p.progress_percent),
            "status": p.status,
            "planned_start": p.planned_start,
            "planned_end": p.planned_end,
            "actual_start": p.actual_start,
            "actual_end": p.actual_end,
            "sub_districts": ";".join(s.code for s in p.sub_districts.all()),
            "source_text": p.source_text,
            "is_illustrative": p.is_illustrative,
            "url": request.build_absolute_uri(p.get_absolute_url()),
        }


@require_GET
def export_csv(request):
    response = as_download(HttpResponse(content_type="text/csv; charset=utf-8"), filename="projects.csv")
    response.write("\ufeff")  # so spreadsheet programs read the Chinese correctly
    writer = csv.DictWriter(response, fieldnames=EXPORT_FIELDS)
    writer.writeheader()
    for row in _export_rows(request):
        writer.writerow({k: "" if v is None else v for k, v in row.items()})
    return response


@require_GET
def export_json(request):
    rows = list(_export_rows(request))
    response = JsonResponse(
        {"count": len(rows), "results": rows}, encoder=DjangoJSONEncoder,
        json_dumps_params={"ensure_ascii": False},
    )
    return as_download(response, filename="projects.json")


@require_GET
def facility_counts_csv(request):
    counts = selectors.facility_counts()
    response = as_download(HttpResponse(content_type="text/csv; charset=utf-8"),
                           filename="facilities-by-sub-district.csv")
    response.write("\ufeff")
    writer = csv.writer(response)
    kinds = [k["kind"] for k in counts["kinds"]]
    writer.writerow(["sub_district_code", "sub_district", *kinds, "total"])
    for street in counts["sub_districts"]:
        writer.writerow([street["code"], street["name"], *[street["counts"][k] for k in kinds],
                         street["total"]])
    writer.writerow(["", _("Total"), *[counts["totals"][k] for k in kinds], counts["total"]])
    return response

