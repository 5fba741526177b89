from django.urls import path, re_path

from . import open311, open_data, views

app_name = "reports"

FMT = r"(?P<fmt>json|xml)"

urlpatterns = [
    path("reports/figures.csv", open_data.figures_csv, name="figures-csv"),  # open data: the 12345 measures
    path("reports/", views.report_list, name="list"),
    path("reports/map.geojson", views.report_map, name="map"),  # the list's filters, as points
    path("reports/new/", views.report_new, name="new"),
    path("reports/<int:pk>/", views.report_detail, name="detail"),
    path("reports/<int:pk>/support/", views.report_support, name="support"),
    path("reports/<int:pk>/rate/", views.report_rate, name="rate"),
    path("reports/<int:pk>/follow/", views.report_follow, name="follow"),
    re_path(rf"^open311/v2/discovery\.{FMT}$", open311.discovery, name="open311-discovery"),
    re_path(rf"^open311/v2/services\.{FMT}$", open311.services, name="open311-services"),
    re_path(rf"^open311/v2/services/(?P<code>[-\w]{{1,60}})\.{FMT}$", open311.service_definition,
            name="open311-service"),
    re_path(rf"^open311/v2/requests\.{FMT}$", open311.requests_view, name="open311-requests"),
    re_path(rf"^open311/v2/requests/(?P<request_id>\d{{1,18}})\.{FMT}$", open311.request_detail,
            name="open311-request"),
    re_path(rf"^open311/v2/tokens/(?P<token>[-\w]{{1,40}})\.{FMT}$", open311.token_detail, name="open311-token"),
]
