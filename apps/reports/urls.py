from django.urls import re_path

from . import open311

app_name = "reports"

FMT = r"(?P<fmt>json|xml)"

urlpatterns = [
    re_path(rf"^open311/v2/discovery\.{FMT}$", open311.discovery, name="open311-discovery"),
    re_path(rf"^open311/v2/services\.{FMT}$", open311.services, name="open311-services"),
    re_path(rf"^open311/v2/services/(?P<code>[-\w]{{1,60}})\.{FMT}$", open311.service_definition,
            name="open311-service"),
    re_path(rf"^open311/v2/requests\.{FMT}$", open311.requests_view, name="open311-requests"),
    re_path(rf"^open311/v2/requests/(?P<request_id>\d{{1,18}})\.{FMT}$", open311.request_detail,
            name="open311-request"),
    re_path(rf"^open311/v2/tokens/(?P<token>[-\w]{{1,40}})\.{FMT}$", open311.token_detail, name="open311-token"),
]
