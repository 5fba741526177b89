import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from apps.coverage.models import (
    CoverageResult,
    CoverageSnapshot,
    PendingFacilityChange,
    ServiceStandard,
    coverage_kinds,
)
from apps.coverage.services import coverage_recompute
from apps.places.models import Community, Facility
from tests.otp import staff_login

from .conftest import KM_LAT, LON0

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.coverage.urls")]


@pytest.fixture
def admin_client(client, staff_user):
    """A district administrator: every coverage and places permission (no data-reveal
    permission, so no two-factor step)."""
    staff_user.user_permissions.set(
        Permission.objects.filter(content_type__app_label__in=["coverage", "places"])
    )
    staff_login(client, staff_user)
    return client


def test_planning_ranks_unserved_by_population(admin_client, district, canteen_near_first):
    coverage_recompute()
    response = admin_client.get("/admin/coverage/coverageresult/planning/", {"kind": "canteen"},
                                HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert [r.community.code for r in response.context["rows"]] == ["K5", "K4", "K3", "K2"]
    assert "What if" in response.content.decode()


def test_what_if_shows_the_change_and_saves_nothing(admin_client, district, canteen_near_first):
    coverage_recompute()
    c4 = district["communities"][4]
    counts = [m.objects.count() for m in (CoverageResult, CoverageSnapshot, Facility, PendingFacilityChange)]
    before = list(CoverageResult.objects.values_list("community_id", "kind", "nearest_id", "distance_m", "served"))
    with CaptureQueriesContext(connection) as queries:
        response = admin_client.get(
            "/admin/coverage/coverageresult/what-if/",
            {"kind": "canteen", "lat": c4.lat + 0.5 * KM_LAT, "lon": LON0}, HTTP_ACCEPT_LANGUAGE="en",
        )
    assert response.status_code == 200
    result = response.context["result"]
    # halfway between communities 4 and 5: both 500 m away, community 3 1.5 km
    assert [row.community.code for row, _d in result.newly_served] == ["K4", "K5"]
    assert result.before["served"] == 2 and result.after["served"] == 4
    assert result.after["population_percent"] == round(100 * (1000 + 2000 + 5000 + 6000) / 21000, 1)
    writes = [q["sql"] for q in queries.captured_queries
              if q["sql"].lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))
              and "django_session" not in q["sql"]]
    assert writes == []
    assert counts == [m.objects.count() for m in (CoverageResult, CoverageSnapshot, Facility, PendingFacilityChange)]
    assert before == list(CoverageResult.objects.values_list("community_id", "kind", "nearest_id", "distance_m", "served"))


def test_what_if_validates(admin_client, district):
    response = admin_client.get("/admin/coverage/coverageresult/what-if/", {"kind": "canteen", "lat": "95", "lon": "x"})
    assert response.status_code == 200 and response.context["result"] is None
    assert set(response.context["form"].errors) == {"lat", "lon"}


def test_planning_needs_permission(client, staff_user, district):
    staff_login(client, staff_user)
    assert client.get("/admin/coverage/coverageresult/what-if/").status_code == 403
    staff_user.user_permissions.add(Permission.objects.get(codename="view_coverageresult"))
    staff_login(client, staff_user)
    assert client.get("/admin/coverage/coverageresult/what-if/").status_code == 200


def test_standard_edit_in_admin_applies_at_once(admin_client, district, canteen_near_first):
    coverage_recompute()
    year = timezone.localdate().year
    response = admin_client.post("/admin/coverage/servicestandard/add/",
                                 {"kind": "canteen", "reach_m": "400", "applies_from": str(year), "note": ""})
    assert response.status_code == 302
    assert ServiceStandard.objects.get(kind="canteen", applies_from=year).reach_m == 400
    assert list(CoverageResult.objects.filter(kind="canteen", served=True).values_list("community__code", flat=True)) == ["K0"]
    bad = admin_client.post("/admin/coverage/servicestandard/add/",
                            {"kind": "canteen", "reach_m": "5", "applies_from": str(year - 1)})
    assert bad.status_code == 200 and "reach_m" in bad.context["adminform"].form.errors


def test_results_are_read_only(admin_client, district, canteen_near_first):
    coverage_recompute()
    row = CoverageResult.objects.first()
    assert admin_client.get("/admin/coverage/coverageresult/").status_code == 200
    assert admin_client.post(f"/admin/coverage/coverageresult/{row.pk}/change/", {"served": "on"}).status_code == 403


def test_community_csv_import_with_boundary_and_population(
    admin_client, district, django_capture_on_commit_callbacks, eager_celery
):
    coverage_recompute()
    street = district["streets"][0]
    boundary = '"{""type"": ""Polygon"", ""coordinates"": [[[114.25, 30.6], [114.26, 30.6], [114.26, 30.61], [114.25, 30.6]]]}"'
    data = (
        "code,name,name_en,sub_district,lat,lon,population,boundary,is_illustrative\n"
        f"K0,社区0,Community 0,{street.code},{district['communities'][0].lat},{LON0},12345,,0\n"
        f"NEW1,新社区,New,{street.code},{30.6 + KM_LAT},{LON0},800,{boundary},1\n"
    ).encode()
    upload = SimpleUploadedFile("communities.csv", data, content_type="text/csv")
    response = admin_client.post("/admin/places/community/import/",
                                 {"import_file": upload, "format": "0", "resource": "0"})
    assert response.status_code == 200, response.content[:500]
    confirm = response.context["confirm_form"]
    with django_capture_on_commit_callbacks(execute=True):
        done = admin_client.post("/admin/places/community/process_import/", confirm.initial)
    assert done.status_code == 302
    assert Community.objects.get(code="K0").population == 12345
    new = Community.objects.get(code="NEW1")
    assert new.boundary["type"] == "Polygon" and new.is_illustrative
    assert set(CoverageResult.objects.filter(community=new).values_list("kind", flat=True)) == set(coverage_kinds())


def test_community_import_rejects_a_bad_boundary(admin_client, district):
    street = district["streets"][0]
    data = (
        "code,name,name_en,sub_district,lat,lon,population,boundary,is_illustrative\n"
        f'BAD1,坏,Bad,{street.code},30.6,114.2,10,"{{""type"": ""Point""}}",1\n'
        f"BAD2,坏,Bad,{street.code},130,114.2,10,,1\n"
    ).encode()
    upload = SimpleUploadedFile("c.csv", data, content_type="text/csv")
    response = admin_client.post("/admin/places/community/import/",
                                 {"import_file": upload, "format": "0", "resource": "0"})
    assert response.status_code == 200
    result = response.context["result"]
    assert result.has_validation_errors() or result.has_errors()
    assert not Community.objects.filter(code__startswith="BAD").exists()
