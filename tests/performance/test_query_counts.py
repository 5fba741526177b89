"""Every public page and list API has a ceiling on its SQL queries (issue 9), measured on an
empty cache with several rows of everything, so an N+1 shows as a failure here; and every URL
pattern is either in the table or excused below, so a new page cannot slip past.

To add a page: a row in ``TABLE`` (route as Django prints it, the URL to fetch, the ceiling).
"""

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from tests.otp import staff_login

# route -> (URL, max queries, signed in?), measured with ROWS (conftest.py) rows of everything;
# {canteen}, {station}, {park}, {eldercare}, {health}, {project}, {round}, {home} are replaced with ids of those rows.
# The nearby search may widen its search box a few times (a bounded number, never one per row).
TABLE = {
    # pages
    "": ("/", 15, False),  # + problem-report figures: latest month, counts, medians
    "nearby/": ("/nearby/?lat=30.58&lon=114.25&radius=2000", 14, False),
    "canteens/": ("/canteens/", 9, False),
    "canteens/<int:pk>/": ("/canteens/{canteen}/", 7, False),
    "charging/": ("/charging/", 9, False),
    "charging/<int:pk>/": ("/charging/{station}/", 6, False),
    "parks/": ("/parks/", 8, False),
    "parks/<int:pk>/": ("/parks/{park}/", 5, False),
    "eldercare/": ("/eldercare/", 8, False),
    "eldercare/<int:pk>/": ("/eldercare/{eldercare}/", 6, False),  # + the nearest canteen (nearby search)
    "parking/": ("/parking/", 7, False),
    "parking/<int:pk>/": ("/parking/{car_park}/", 4, False),
    "accessibility/": ("/accessibility/", 7, False),
    "accessibility/<int:pk>/": ("/accessibility/{site}/", 4, False),
    "health/": ("/health/", 8, False),
    "health/<int:pk>/": ("/health/{health}/", 5, False),
    "projects/": ("/projects/", 5, False),
    "projects/<int:pk>/": ("/projects/{project}/", 8, False),
    "coverage/": ("/coverage/", 15, False),  # + the reported coverage figures (apps.facts)
    "housing-swap/": ("/housing-swap/", 6, False),  # + the reported figures, one query
    "housing-swap/eligibility/": ("/housing-swap/eligibility/", 5, False),
    # + the filter form's categories and sub-districts; the rows' categories and sub-districts
    # are prefetched (two small queries), not joined (bench/reports.py: SQLite's plan at 1M)
    "reports/": ("/reports/", 6, False),
    "reports/<int:pk>/": ("/reports/{report}/", 4, False),
    "reports/new/": ("/reports/new/", 3, False),  # the categories and the community picker
    "reports/map.geojson": ("/reports/map.geojson", 2, False),  # the points; their categories' names
    "accounts/login/": ("/accounts/login/", 1, False),
    "accounts/register/": ("/accounts/register/", 1, False),
    "accounts/password-reset/": ("/accounts/password-reset/", 1, False),
    # open-data files
    "dashboard/facilities.csv": ("/dashboard/facilities.csv", 2, False),
    "projects/export.csv": ("/projects/export.csv", 2, False),
    "reports/figures.csv": ("/reports/figures.csv", 3, False),  # latest month, counts, medians
    "projects/export.json": ("/projects/export.json", 2, False),
    "coverage/coverage.csv": ("/coverage/coverage.csv?kind=canteen", 4, False),
    "open-data/": ("/open-data/", 1, False),  # every kind's size and update time in one query
    # APIs. A kind's list (page or API) on an empty cache also reads the communities and
    # sub-districts once, which the process then keeps for a minute instead of joining them to
    # every row (apps.places.reference)
    "api/v1/canteens/": ("/api/v1/canteens/", 8, False),
    "api/v1/canteens/<int:pk>/": ("/api/v1/canteens/{canteen}/", 7, False),
    "api/v1/charging-stations/": ("/api/v1/charging-stations/", 8, False),
    "api/v1/charging-stations/<int:pk>/": ("/api/v1/charging-stations/{station}/", 6, False),
    "api/v1/parks/": ("/api/v1/parks/", 7, False),
    "api/v1/parks/<int:pk>/": ("/api/v1/parks/{park}/", 5, False),
    "api/v1/eldercare/": ("/api/v1/eldercare/", 6, False),
    "api/v1/eldercare/<int:pk>/": ("/api/v1/eldercare/{eldercare}/", 6, False),  # + the nearest canteen
    "api/v1/car-parks/": ("/api/v1/car-parks/", 6, False),
    "api/v1/car-parks/<int:pk>/": ("/api/v1/car-parks/{car_park}/", 4, False),
    "api/v1/accessibility-sites/": ("/api/v1/accessibility-sites/", 6, False),
    "api/v1/accessibility-sites/<int:pk>/": ("/api/v1/accessibility-sites/{site}/", 4, False),
    "api/v1/health/": ("/api/v1/health/", 6, False),
    "api/v1/health/<int:pk>/": ("/api/v1/health/{health}/", 5, False),
    "api/v1/projects/": ("/api/v1/projects/", 3, False),
    "api/v1/projects/<int:pk>/": ("/api/v1/projects/{project}/", 8, False),
    "api/v1/dashboard/": ("/api/v1/dashboard/", 5, False),
    "api/v1/projects/<int:pk>/updates/": ("/api/v1/projects/{project}/updates/", 4, False),
    "api/v1/nearby/": ("/api/v1/nearby/?lat=30.58&lon=114.25&radius=2000", 9, False),  # + open now, availability
    "api/v1/facilities/": ("/api/v1/facilities/", 2, False),
    "api/v1/facilities.geojson": ("/api/v1/facilities.geojson", 1, False),
    "api/v1/communities/": ("/api/v1/communities/", 2, False),
    "api/v1/coverage/": ("/api/v1/coverage/?kind=canteen", 4, False),
    "api/v1/coverage/geojson/": ("/api/v1/coverage/geojson/?kind=canteen", 4, False),
    "api/v1/housing-swap/rounds/": ("/api/v1/housing-swap/rounds/", 4, False),
    "api/v1/housing-swap/rounds/<int:pk>/": ("/api/v1/housing-swap/rounds/{round}/", 3, False),
    "api/v1/housing-swap/projects/": ("/api/v1/housing-swap/projects/", 3, False),
    "api/v1/housing-swap/projects/<int:pk>/": ("/api/v1/housing-swap/projects/{home}/", 2, False),
    "api/v1/notices/": ("/api/v1/notices/", 5, True),  # with notices (of reports): + unread count
    "api/v1/housing-swap/applications/": ("/api/v1/housing-swap/applications/", 3, True),
    "api/v1/auth/tokens/": ("/api/v1/auth/tokens/", 3, True),
    "api/v1/reports/": ("/api/v1/reports/", 4, False),  # rows, categories, sub-districts, photos
    "api/v1/reports/<int:pk>/": ("/api/v1/reports/{report}/", 3, False),
    "api/v1/notices/verification/": ("/api/v1/notices/verification/", 3, True),
    # Open311 GeoReport v2 (apps.reports)
    r"^open311/v2/discovery\.(?P<fmt>json|xml)$": ("/open311/v2/discovery.json", 0, False),
    r"^open311/v2/services\.(?P<fmt>json|xml)$": ("/open311/v2/services.xml", 1, False),
    r"^open311/v2/services/(?P<code>[-\w]{1,60})\.(?P<fmt>json|xml)$": ("/open311/v2/services/park-lighting.json", 1, False),
    r"^open311/v2/requests\.(?P<fmt>json|xml)$": ("/open311/v2/requests.json", 4, False),  # + categories, sub-districts (prefetched)
    # signed-in visitors get the same pages without the shared cache
    "notices/": ("/notices/", 6, True),  # with notices: + unread count
    "notices/preferences/": ("/notices/preferences/", 5, True),  # + where verification stands
    "notices/verify/": ("/notices/verify/", 4, True),
    "accounts/my-data/": ("/accounts/my-data/", 3, True),
    "accounts/delete/": ("/accounts/delete/", 6, True),  # + what would stop the closing (staff, each app)
    "accounts/deleted/": ("/accounts/deleted/", 1, False),
    "housing-swap/applications/": ("/housing-swap/applications/", 4, True),
}

# also measured signed in (their pages are not shared then)
SIGNED_IN_ALSO = ["", "canteens/", "projects/", "projects/<int:pk>/"]

# routes that are not public GET pages or lists, each with the reason
EXCLUDED = {
    "open-data/<slug:kind>.csv": "streamed file (read as it is sent); query counts in tests/opendata",
    "open-data/<slug:kind>.geojson": "streamed file (read as it is sent); query counts in tests/opendata",
    "healthz": "health probe (database and broker checks), not a page",
    "api/ping": "the load benchmark's ceiling: no query at all",
    "api/schema/": "OpenAPI document, generated from code",
    "api/docs/": "Swagger UI shell, no query",
    "i18n/setlang/": "POST only",
    "preferences/senior-mode/": "POST only",
    "api/v1/auth/register/": "POST only",
    "api/v1/auth/token/": "POST only",
    "api/v1/auth/tokens/<int:pk>/": "DELETE only (revoke one of your tokens)",
    "api/v1/auth/sign-out-everywhere/": "POST only",
    "api/v1/charging/operator/tokens/": "operator API (machine tokens); tests/charging",
    "api/v1/charging/operator/tokens/<int:pk>/": "operator API, DELETE only",
    "api/v1/charging/operator/tokens/<int:pk>/rotate/": "operator API, POST only",
    r"^open311/v2/requests/(?P<request_id>\d{1,18})\.(?P<fmt>json|xml)$": "one report; tests/reports/test_open311.py",
    r"^open311/v2/tokens/(?P<token>[-\w]{1,40})\.(?P<fmt>json|xml)$": "one submission's token; tests/reports/test_open311.py",
    "api/v1/notices/read-all/": "POST only",
    "api/v1/reports/<int:pk>/support/": "POST only (me too)",
    "reports/<int:pk>/support/": "POST only (me too)",
    "reports/<int:pk>/rate/": "POST only (the reporter's rating)",
    "reports/<int:pk>/follow/": "POST only (follow / stop following a report)",
    "api/v1/reports/<int:pk>/rate/": "POST only (the reporter's rating)",
    "api/v1/notices/preferences/": "one user's settings object, not a list",
    "api/v1/notices/<int:pk>/read/": "POST only",
    "api/v1/notices/verification/confirm/": "POST only (enter a verification code)",
    "api/v1/account/my-data/": "POST only (password again); tests/privacy",
    "api/v1/account/delete/": "POST only (password again); tests/privacy",
    "api/v1/charging/operator/charge-points/": "operator API; query counts in tests/charging/test_api.py",
    "api/v1/charging/operator/charge-points/<int:pk>/status/": "POST only (operator status report)",
    "api/v1/operator/reports/": "operator API (machine tokens); query count in tests/reports/test_office.py",
    "api/v1/operator/reports/<int:pk>/status/": "POST only (an operator answers a problem report)",
    "api/v1/parking/operator/tokens/": "operator API (machine tokens); tests/parking",
    "api/v1/parking/operator/tokens/<int:pk>/": "operator API, DELETE only",
    "api/v1/parking/operator/tokens/<int:pk>/rotate/": "operator API, POST only",
    "api/v1/parking/operator/car-parks/": "operator API; query counts in tests/parking/test_api.py",
    "api/v1/parking/operator/car-parks/<int:pk>/free-spaces/": "POST only (operator free-spaces report)",
    "api/v1/projects/<int:pk>/follow/": "POST/DELETE only",
    "api/v1/facilities/<int:pk>/follow/": "POST/DELETE only; tests/notices/test_facility_follows.py",
    "api/v1/housing-swap/eligibility/": "POST only (eligibility check)",
    "api/v1/housing-swap/applications/<int:pk>/": "one applicant's own file; tests/housing_swap/test_api.py",
    "api/v1/housing-swap/applications/<int:pk>/documents/": "upload (POST); tests/housing_swap",
    "api/v1/housing-swap/applications/<int:pk>/documents/<int:document_pk>/file/": "private file download",
    "api/v1/housing-swap/applications/<int:pk>/withdraw/": "POST only",
    "accounts/logout/": "POST only",
    "accounts/two-factor/": "staff sign-in step, needs a pending staff sign-in",
    "accounts/password-reset/sent/": "static confirmation page, no query",
    "accounts/password-reset/<uidb64>/<token>/": "needs a valid reset token; tests/accounts",
    "accounts/password-reset/complete/": "static confirmation page, no query",
    "notices/read-all/": "POST only",
    "notices/<int:pk>/read/": "POST only",
    "notices/unsubscribe/<str:token>/": "one signed link; tests/notices",
    "projects/<int:pk>/follow/": "POST only",
    "facilities/<int:pk>/follow/": "POST only; tests/notices/test_facility_follows.py",
    "housing-swap/apply/": "one applicant's form (POST flow); tests/housing_swap/test_pages.py",
    "housing-swap/applications/<int:pk>/": "one applicant's own file; tests/housing_swap/test_pages.py",
    "housing-swap/applications/<int:pk>/steps/<slug:step>/": "one applicant's form step",
    "housing-swap/applications/<int:pk>/submit/": "POST only",
    "housing-swap/applications/<int:pk>/documents/": "upload (POST)",
    "housing-swap/applications/<int:pk>/withdraw/": "one applicant's confirmation (POST flow)",
    "housing-swap/documents/<int:pk>/": "private file download",
    "^media/(?P<path>.*)$": "uploaded files, served by the web server in production (DEBUG only here)",
}


DEBUG_ONLY = {"^media/(?P<path>.*)$"}


def url_routes():
    def walk(patterns, prefix=""):
        for pattern in patterns:
            route = prefix + str(pattern.pattern)
            if isinstance(pattern, URLResolver):
                if route.startswith("admin/"):
                    continue  # the back office: staff only, query counts in tests/*/test_admin.py
                yield from walk(pattern.url_patterns, route)
            elif isinstance(pattern, URLPattern):
                yield route

    return set(walk(get_resolver().url_patterns))


def test_every_url_is_measured_or_excused():
    routes = url_routes()
    missing = sorted(routes - set(TABLE) - set(EXCLUDED))
    assert not missing, f"add these routes to TABLE (with a query ceiling) or EXCLUDED (with a reason): {missing}"
    stale = sorted((set(TABLE) | set(EXCLUDED)) - routes - DEBUG_ONLY)
    assert not stale, f"these routes no longer exist: {stale}"
    assert not set(TABLE) & set(EXCLUDED)


def _client(signed_in: bool, user) -> Client:
    client = Client()
    if signed_in:
        staff_login(client, user)
    return client


@pytest.mark.parametrize("route", sorted(TABLE))
def test_query_ceiling(route, portal_data, portal_user, django_assert_max_num_queries):
    url, ceiling, signed_in = TABLE[route]
    client = _client(signed_in, portal_user)
    with django_assert_max_num_queries(ceiling):
        response = client.get(url.format(**portal_data))
    assert response.status_code == 200, (route, response.status_code)


@pytest.mark.parametrize("route", SIGNED_IN_ALSO)
def test_query_ceiling_signed_in(route, portal_data, portal_user, django_assert_max_num_queries):
    url, ceiling, _signed_in = TABLE[route]
    client = _client(True, portal_user)
    client.get("/api/ping")  # the session is loaded per request: count from here
    # a signed-in page adds the session, the user and the unread-notice count
    with django_assert_max_num_queries(ceiling + 4):
        response = client.get(url.format(**portal_data))
    assert response.status_code == 200, (route, response.status_code)
