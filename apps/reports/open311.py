"""Open311 GeoReport v2 under ``/open311/v2/`` (http://wiki.open311.org/GeoReport_v2),
JSON and XML, as real 311 clients speak it.

The shapes follow the specification (and FixMyStreet's server, Open311.pm, where the
specification is loose): lists are bare arrays (``<services>``, ``<service_requests>``),
errors are ``[{"code": 400, "description": "..."}]`` / ``<errors><error>``. Views are thin:
they parse the spec's parameters, call ``services.report_submit`` or the selectors, and
serialise. Public requests never show the reporter's contact; a private location is
rounded to about 100 m.
"""

from __future__ import annotations

import datetime as dt
import logging
import xml.etree.ElementTree as ET

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse, JsonResponse
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from apps.core.throttles import page_throttle_wait

from . import selectors
from .models import Category, Report, Source
from .services import report_submit

logger = logging.getLogger("apps.reports.open311")

MAX_REQUESTS = 1000
DEFAULT_WINDOW = dt.timedelta(days=90)
SUBMIT_SCOPE = "report_submit"
TRUE = {"1", "true", "yes", "on"}


class Open311Error(Exception):
    def __init__(self, code: int, description: str, headers: dict | None = None):
        super().__init__(description)
        self.code, self.description, self.headers = code, description, headers or {}


# -- rendering -------------------------------------------------------------------------

def _xml_value(parent, key, value):
    child = ET.SubElement(parent, key)
    if isinstance(value, dict):
        for k, v in value.items():
            _xml_value(child, k, v)
    elif isinstance(value, list):
        singular = {"attributes": "attribute", "values": "value", "endpoints": "endpoint",
                    "formats": "format", "keywords": "keyword"}.get(key, "item")
        for item in value:
            _xml_value(child, singular, item)
    elif isinstance(value, bool):
        child.text = "true" if value else "false"
    elif value is not None:
        child.text = str(value)


def render(data, fmt: str, *, root: str, item: str, status: int = 200, headers: dict | None = None):
    if fmt == "xml":
        tree = ET.Element(root)
        if isinstance(data, list):
            for entry in data:
                _xml_value(tree, item, entry)
        else:
            for k, v in data.items():
                _xml_value(tree, k, v)
        body = b'<?xml version="1.0" encoding="utf-8"?>' + ET.tostring(tree, encoding="utf-8")
        response = HttpResponse(body, status=status, content_type="text/xml; charset=utf-8")
    else:
        response = JsonResponse(data, status=status, safe=False, json_dumps_params={"ensure_ascii": False})
    for k, v in (headers or {}).items():
        response[k] = v
    return response


def error_response(fmt: str, code: int, description: str, headers: dict | None = None):
    return render([{"code": code, "description": description}], fmt, root="errors", item="error",
                  status=code, headers=headers)


def open311_view(methods):
    """Method check, the spec's error format for every failure, and no 500 for bad input."""
    def decorate(view):
        @csrf_exempt
        @require_http_methods(methods)
        def wrapped(request, fmt, *args, **kwargs):
            try:
                return view(request, fmt, *args, **kwargs)
            except Open311Error as exc:
                return error_response(fmt, exc.code, exc.description, exc.headers)
            except ValidationError as exc:
                return error_response(fmt, 400, _validation_text(exc))
            except PermissionDenied:
                return error_response(fmt, 403, _("You may not do this."))
            except Http404:
                return error_response(fmt, 404, _("Not found."))
        wrapped.__name__ = view.__name__
        return wrapped
    return decorate


SPEC_FIELDS = {"category": "service_code", "lat": "lat", "lon": "long", "contact_phone": "phone",
               "contact_email": "email", "contact_name": "first_name", "facility": "attribute[facility_id]"}


def _validation_text(exc: ValidationError) -> str:
    if hasattr(exc, "error_dict"):
        return "; ".join(
            f"{SPEC_FIELDS.get(field, field)}: {' '.join(str(m) for m in messages)}"
            for field, messages in exc.message_dict.items()
        )
    return " ".join(exc.messages)


def _w3c(moment: dt.datetime | None) -> str | None:
    if moment is None:
        return None
    return timezone.localtime(moment).isoformat(timespec="seconds")


# -- discovery and services ------------------------------------------------------------

@open311_view(["GET"])
def discovery(request, fmt):
    base = request.build_absolute_uri("/open311/v2/")
    data = {
        "changeset": "2026-12-05T00:00:00+08:00",
        "contact": _("Qiaokou District citizen services portal"),
        "key_service": _("Use an API token of a portal account as api_key (see /api/v1/auth/token/)."),
        "endpoints": [{
            "specification": "http://wiki.open311.org/GeoReport_v2",
            "url": base,
            "changeset": "2026-12-05T00:00:00+08:00",
            "type": "production",
            "formats": ["application/json", "text/xml"],
        }],
    }
    return render(data, fmt, root="discovery", item="endpoint")


def _service(category: Category) -> dict:
    return {
        "service_code": category.code,
        "service_name": category.display_name,
        "description": category.description or category.display_name,
        "metadata": True,
        "type": "realtime",
        "keywords": category.keywords,
        "group": category.group,
    }


@open311_view(["GET"])
def services(request, fmt):
    data = [_service(c) for c in selectors.categories()]
    return render(data, fmt, root="services", item="service")


def attributes_for(category: Category) -> list[dict]:
    attributes = []
    if category.kind:
        attributes.append({
            "variable": True, "code": "facility_id", "datatype": "number", "required": False,
            "datatype_description": _("The id of the facility (from /api/v1/nearby/)."),
            "order": 1, "description": _("Which facility the problem is at"),
        })
    attributes.append({
        "variable": True, "code": "location_private", "datatype": "singlevaluelist", "required": False,
        "datatype_description": "", "order": 2,
        "description": _("Show the location to the public only rounded to about 100 m"),
        "values": [{"key": "false", "name": _("No")}, {"key": "true", "name": _("Yes")}],
    })
    return attributes


@open311_view(["GET"])
def service_definition(request, fmt, code):
    category = selectors.categories().filter(code=code).first()
    if category is None:
        raise Open311Error(404, _("There is no service with this service_code."))
    data = {"service_code": category.code, "attributes": attributes_for(category)}
    return render(data, fmt, root="service_definition", item="attribute")


# -- requests --------------------------------------------------------------------------

def _request(report: Report) -> dict:
    photos = list(report.photos.all())
    media = photos[0].image.url if photos else report.media_url
    return {
        "service_request_id": str(report.pk),
        "status": "open" if report.is_open else "closed",
        "status_notes": report.public_answer,
        "service_name": report.category.display_name,
        "service_code": report.category.code,
        "description": report.description,
        "agency_responsible": report.sub_district.display_name,
        "service_notice": "",
        "requested_datetime": _w3c(report.created_at),
        "updated_datetime": _w3c(report.updated_at),
        "expected_datetime": _w3c(report.resolve_due) if report.is_open else None,
        "address": report.address_string,
        "address_id": "",
        "zipcode": "",
        "lat": report.public_lat,
        "long": report.public_lon,
        "media_url": media,
    }


def _date_param(request, name) -> dt.datetime | None:
    value = request.GET.get(name)
    if not value:
        return None
    parsed = parse_datetime(value.replace(" ", "+"))
    if parsed is None:
        raise Open311Error(400, _("%(name)s must be a W3C date-time, e.g. 2026-01-01T00:00:00Z.") % {"name": name})
    if timezone.is_naive(parsed):
        parsed = timezone.make_aware(parsed)
    return parsed


def _list_param(request, name) -> list[str]:
    return [v.strip() for raw in request.GET.getlist(name) for v in raw.split(",") if v.strip()]


@open311_view(["GET", "POST"])
def requests_view(request, fmt):
    if request.method == "POST":
        return _create(request, fmt)
    ids = _list_param(request, "service_request_id")
    if ids:
        if not all(i.isdigit() and len(i) < 16 for i in ids):
            raise Open311Error(400, _("service_request_id must be a comma-separated list of numbers."))
        reports = selectors.open311_requests(ids=[int(i) for i in ids], limit=MAX_REQUESTS)
        return render([_request(r) for r in reports], fmt, root="service_requests", item="request")
    statuses = set(_list_param(request, "status"))
    if statuses - {"open", "closed"}:
        raise Open311Error(400, _("status must be open or closed."))
    start, end = _date_param(request, "start_date"), _date_param(request, "end_date")
    if start and end and start > end:
        raise Open311Error(400, _("start_date must be before end_date."))
    if start is None and end is None:
        start = timezone.now() - DEFAULT_WINDOW
    reports = selectors.open311_requests(
        service_codes=_list_param(request, "service_code") or None, start=start, end=end,
        statuses=statuses or None, limit=MAX_REQUESTS,
    )
    return render([_request(r) for r in reports], fmt, root="service_requests", item="request")


@open311_view(["GET"])
def request_detail(request, fmt, request_id):
    reports = selectors.open311_requests(ids=[int(request_id)], limit=1) if len(request_id) < 16 else []
    if not reports:
        raise Open311Error(404, _("There is no request with this service_request_id."))
    return render([_request(reports[0])], fmt, root="service_requests", item="request")


@open311_view(["GET"])
def token_detail(request, fmt, token):
    # Requests are created at once; the token of a request is "t<id>".
    request_id = token[1:] if token.startswith("t") and token[1:].isdigit() and len(token) < 17 else ""
    if not request_id or not Report.objects.public().filter(pk=int(request_id)).exists():
        raise Open311Error(404, _("There is no request with this token."))
    return render([{"service_request_id": request_id, "token": token}], fmt, root="service_requests", item="request")


def api_key_user(key: str):
    """The account of a personal API token (``api_key``), or None. Operator (machine) tokens
    are for the charging operator API only."""
    from apps.accounts.services import api_token_authenticate

    token = api_token_authenticate(key=key, kind="personal")
    return token.user if token is not None else None


def _create(request, fmt):
    data = request.POST
    user = api_key_user(data.get("api_key", "").strip())
    if user is None:
        raise Open311Error(403, _("A valid api_key is required to create requests."))
    request.user = user
    wait = page_throttle_wait(request, SUBMIT_SCOPE)
    if wait is not None:
        raise Open311Error(429, _("Too many reports in a short time. Please try again in %(s)s seconds.") % {"s": wait},
                           headers={"Retry-After": str(wait)})
    code = data.get("service_code", "").strip()
    if not code:
        raise Open311Error(400, _("service_code is required."))
    if not Category.objects.filter(code=code, active=True).exists():
        raise Open311Error(404, _("There is no service with this service_code."))
    lat, lon = data.get("lat", "").strip(), data.get("long", "").strip()
    address = data.get("address_string", "").strip()
    if not (lat and lon) and not address:
        raise Open311Error(400, _("Give lat and long, or address_string."))
    name = " ".join(v for v in (data.get("first_name", "").strip(), data.get("last_name", "").strip()) if v)
    media_url = data.get("media_url", "").strip()
    if media_url and not media_url.lower().startswith(("http://", "https://")):
        raise Open311Error(400, _("media_url must be an http or https address."))
    report = report_submit(
        category=code, description=data.get("description", ""), lat=lat or None, lon=lon or None,
        facility_id=data.get("attribute[facility_id]") or None, address_string=address,
        location_private=data.get("attribute[location_private]", "").lower() in TRUE,
        contact_name=name, contact_phone=data.get("phone", ""), contact_email=data.get("email", ""),
        reporter=user, source=Source.OPEN311,
    )
    if media_url:
        Report.objects.filter(pk=report.pk).update(media_url=media_url[:500])
    body = [{"service_request_id": str(report.pk), "token": f"t{report.pk}",
             "service_notice": _("We will answer within the deadline of this category."), "account_id": None}]
    return render(body, fmt, root="service_requests", item="request", status=201)
