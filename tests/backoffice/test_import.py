# ruff: noqa: F403, F405
"""Bulk import of facilities and projects (issue 7): upload -> preview -> confirm, all or
nothing, row-level error report, CSV and Excel, row scoping of sub-district officials."""

import pytest
from django.urls import reverse

from apps.backoffice.models import BulkJob, JobStatus
from apps.canteens.models import Canteen
from apps.charging.models import ChargingStation
from apps.parks.models import Park
from apps.places.models import FacilityStatus
from apps.projects.models import Project
from tests.canteens.factories import CanteenFactory
from tests.charging.factories import OperatorFactory
from tests.downloads import assert_download

from .bulk import *  # fixtures and helpers

pytestmark = pytest.mark.django_db

IMPORT = "admin:backoffice_import"


def upload(client, label, file):
    return client.post(reverse(IMPORT, args=[label]), {"file": file})


def job_of(response) -> BulkJob:
    assert response.status_code == 302, response.content.decode()[:2000]
    return BulkJob.objects.get(pk=int(response["Location"].rstrip("/").split("/")[-2]))


def test_preview_changes_nothing_then_confirm_imports_every_row(client, district_admin, community_a):
    existing = CanteenFactory(code="CT-1", name="旧名字", community=community_a, seats=10)
    login(client, district_admin)
    rows = [canteen_row("CT-1", seats="60"), canteen_row("CT-2"), canteen_row("CT-3", status="草稿")]
    preview = job_of(upload(client, "canteens.canteen", csv_upload(rows)))

    assert preview.status == JobStatus.DONE and preview.dry_run and not preview.error_report
    assert preview.counts == {"new": 2, "update": 1, "skip": 0, "error": 0}
    assert [(r["row"], r["result"]) for r in preview.rows] == [(2, "update"), (3, "new"), (4, "new")]
    assert Canteen.objects.count() == 1
    existing.refresh_from_db()
    assert existing.seats == 10  # nothing saved by the preview

    page = client.get(reverse("admin:backoffice_job", args=[preview.pk])).content.decode()
    assert "<progress" in page and 'id="row-results"' in page
    assert reverse("admin:backoffice_confirm", args=[preview.pk]) in page

    response = client.post(reverse("admin:backoffice_confirm", args=[preview.pk]))
    job = job_of(response)
    assert job.status == JobStatus.DONE and not job.dry_run and job.confirms == preview
    assert Canteen.objects.count() == 3
    existing.refresh_from_db()
    assert existing.seats == 60
    new = Canteen.objects.get(code="CT-3")
    assert new.kind == "canteen" and new.status == FacilityStatus.DRAFT and new.home_delivery
    assert new.history.first().history_user == district_admin
    # confirming again gives the same import, never a second one
    assert job_of(client.post(reverse("admin:backoffice_confirm", args=[preview.pk]))) == job
    assert BulkJob.objects.filter(confirms=preview).count() == 1


def test_error_rows_give_a_report_and_nothing_is_imported(client, district_admin, community_a):
    login(client, district_admin)
    rows = [
        canteen_row("OK-1"),
        canteen_row("BAD-1", lat="31.9"),                      # outside the district
        canteen_row("BAD-2", community="NOPE", status="open"),  # unknown community, bad status
        canteen_row("", seats="-3"),                           # no code, negative seats
    ]
    preview = job_of(upload(client, "canteens.canteen", csv_upload(rows)))
    assert preview.status == JobStatus.DONE and preview.counts["error"] == 3
    report = {(e["row"], e["field"]) for e in preview.error_report}
    assert {(3, "lat"), (4, "community"), (4, "status"), (5, "code")} <= report
    messages = " ".join(e["message"] for e in preview.error_report)
    assert "30.5" in messages and "NOPE" in messages  # human messages naming the problem
    page = client.get(reverse("admin:backoffice_job", args=[preview.pk])).content.decode()
    assert 'id="error-report"' in page and "NOPE" in page
    assert "backoffice_confirm" not in page and f"/{preview.pk}/confirm/" not in page
    assert client.post(reverse("admin:backoffice_confirm", args=[preview.pk])).status_code == 400
    assert not Canteen.objects.exists()

    # the same file imported for real (no preview) is refused as a whole: all or nothing
    from apps.backoffice import services

    job = BulkJob.objects.create(kind="import", model_label="canteens.canteen", requested_by=district_admin,
                                 file_format="csv", input_file=preview.input_file.name, token="t-all-or-nothing")
    services.bulk_job_run(job_id=job.pk)
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED and job.error_report and job.error
    assert not Canteen.objects.exists()


def test_error_messages_follow_the_language(client, district_admin, community_a):
    login(client, district_admin)
    zh = job_of(upload(client, "canteens.canteen", csv_upload([canteen_row("X-1", community="NOPE")])))
    assert any("没有" in e["message"] or "社区" in e["message"] for e in zh.error_report), zh.error_report
    client.cookies["django_language"] = "en"
    district_admin.preferred_language = "en"
    district_admin.save(update_fields=["preferred_language"])
    en = job_of(upload(client, "canteens.canteen", csv_upload([canteen_row("X-1", community="NOPE")])))
    assert any("There is no community" in e["message"] for e in en.error_report), en.error_report


def test_excel_parks_and_charging_stations(client, district_admin, community_a):
    operator = OperatorFactory(code="OP-1")
    login(client, district_admin)
    parks = [{"code": "PK-1", "name": "口袋公园一", "address": "某路", "community": "CA1", "lat": 30.6, "lon": 114.2,
              "status": "Published", "park_type": "口袋公园", "area_m2": 1200, "green_area_m2": 800,
              "opened_on": "2024-05-01", "parking_spaces": 0}]
    preview = job_of(upload(client, "parks.park", xlsx_upload(parks)))
    assert preview.file_format == "xlsx" and not preview.error_report, preview.error_report
    job_of(client.post(reverse("admin:backoffice_confirm", args=[preview.pk])))
    park = Park.objects.get(code="PK-1")
    assert park.park_type == "pocket" and park.status == "published" and park.opened_on.isoformat() == "2024-05-01"

    stations = [{"code": "ST-1", "name": "充电站一", "address": "某路", "community": "CA1", "lat": "30.6",
                 "lon": "114.2", "status": "draft", "operator": "OP-1", "is_public": "是",
                 "price_per_kwh": "0.65", "service_fee_per_kwh": "0.8"}]
    preview = job_of(upload(client, "charging.chargingstation", xlsx_upload(stations)))
    assert not preview.error_report, preview.error_report
    job_of(client.post(reverse("admin:backoffice_confirm", args=[preview.pk])))
    station = ChargingStation.objects.get(code="ST-1")
    assert station.operator == operator and station.kind == "charging" and str(station.price_per_kwh) == "0.650"


def test_gb18030_csv_from_chinese_excel(client, district_admin, community_a):
    login(client, district_admin)
    preview = job_of(upload(client, "canteens.canteen", csv_upload([canteen_row("GB-1")], encoding="gb18030")))
    assert not preview.error_report and preview.rows[0]["object"].startswith("幸福食堂")


def test_projects_import_keeps_working(client, district_admin, street_a):
    login(client, district_admin)
    rows = [{"code": "2026-01", "year": "2026", "category": "housing", "title": "保障房", "status": "planned",
             "target_quantity": "10", "achieved_quantity": "5", "unit": "套", "sub_districts": "SD-A"}]
    preview = job_of(upload(client, "projects.project", csv_upload(rows)))
    assert not preview.error_report and not Project.objects.filter(code="2026-01").exists()
    job_of(client.post(reverse("admin:backoffice_confirm", args=[preview.pk])))
    project = Project.objects.get(code="2026-01")
    assert list(project.sub_districts.all()) == [street_a] and project.progress_percent == 50


def test_official_imports_only_rows_of_their_sub_districts(client, official_a, community_a, community_b):
    mine = CanteenFactory(code="MINE", community=community_a, seats=5)
    theirs = CanteenFactory(code="THEIRS", community=community_b, seats=5)
    login(client, official_a)
    rows = [
        canteen_row("MINE", seats="50"),                    # row 2: fine
        canteen_row("THEIRS", community="CB1", seats="50"),  # row 3: another sub-district's canteen
        canteen_row("NEW-1"),                                # row 4: officials may not add canteens
    ]
    preview = job_of(upload(client, "canteens.canteen", csv_upload(rows)))
    report = {(e["row"], e["field"]) for e in preview.error_report}
    assert (3, "community") in report and (4, "") in report and not any(e["row"] == 2 for e in preview.error_report)

    moving = job_of(upload(client, "canteens.canteen", csv_upload([canteen_row("MINE", community="CB1")])))
    assert [(e["row"], e["field"]) for e in moving.error_report] == [(2, "community")]

    good = job_of(upload(client, "canteens.canteen", csv_upload([canteen_row("MINE", seats="50")])))
    assert not good.error_report
    job_of(client.post(reverse("admin:backoffice_confirm", args=[good.pk])))
    mine.refresh_from_db()
    theirs.refresh_from_db()
    assert (mine.seats, theirs.seats) == (50, 5)


def test_scoped_user_with_add_permission_adds_only_in_own_sub_districts(client, synced, street_a, community_a,
                                                                        community_b):
    from apps.accounts import roles

    user = make_staff("official_adder", roles.OFFICIAL, sub_districts=[street_a], perms=["canteens.add_canteen"])
    login(client, user)
    preview = job_of(upload(client, "canteens.canteen",
                            csv_upload([canteen_row("N-A"), canteen_row("N-B", community="CB1")])))
    assert [(e["row"], e["field"]) for e in preview.error_report] == [(3, "community")]
    preview = job_of(upload(client, "canteens.canteen", csv_upload([canteen_row("N-A")])))
    job_of(client.post(reverse("admin:backoffice_confirm", args=[preview.pk])))
    assert Canteen.objects.get(code="N-A").community == community_a


def test_bad_files_answer_400_with_a_message(client, district_admin, community_a):
    login(client, district_admin)
    url = reverse(IMPORT, args=["canteens.canteen"])
    from django.core.files.uploadedfile import SimpleUploadedFile

    cases = [
        SimpleUploadedFile("rows.txt", b"code\nX\n"),
        SimpleUploadedFile("rows.xlsx", b"not a zip at all"),
        SimpleUploadedFile("rows.csv", b"name,colour\nA,red\n"),
        SimpleUploadedFile("rows.csv", b"code,name\n"),
        SimpleUploadedFile("rows.csv", b"\x00\x01binary"),
    ]
    for file in cases:
        response = client.post(url, {"file": file})
        assert response.status_code == 400, file.name
        assert 'class="errornote"' in response.content.decode()
    assert not BulkJob.objects.exists()


def test_import_needs_the_permissions(client, auditor, synced):
    login(client, auditor)
    assert client.get(reverse(IMPORT, args=["canteens.canteen"])).status_code == 403
    nobody = make_staff("nobody")
    login(client, nobody)
    assert client.get(reverse(IMPORT, args=["projects.project"])).status_code == 403
    assert client.get(reverse("admin:canteens_canteen_import")).status_code == 403


def test_changelist_links_and_templates(client, district_admin, community_a):
    login(client, district_admin)
    page = client.get(reverse("admin:canteens_canteen_changelist")).content.decode()
    assert reverse(IMPORT, args=["canteens.canteen"]) in page
    assert reverse("admin:backoffice_export", args=["canteens.canteen"]) in page
    for fmt in ("csv", "xlsx"):
        response = client.get(reverse("admin:backoffice_template", args=["canteens.canteen", fmt]))
        assert response.status_code == 200 and "attachment" in response["Content-Disposition"]
        assert_download(response, filename=f"canteen-template.{fmt}")
    content = client.get(reverse("admin:backoffice_template", args=["canteens.canteen", "csv"])).content
    preview = job_of(upload(client, "canteens.canteen", csv_upload_bytes(content)))
    assert not preview.error_report, preview.error_report  # the sample row itself is valid


def csv_upload_bytes(content):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile("template.csv", content, content_type="text/csv")


def test_row_limit_for_csv_and_excel(client, district_admin, community_a, settings):
    settings.BACKOFFICE_MAX_ROWS = 3
    login(client, district_admin)
    url = reverse(IMPORT, args=["canteens.canteen"])
    for file in (csv_upload([canteen_row(f"L-{i}") for i in range(4)]),
                 xlsx_upload([canteen_row(f"L-{i}") for i in range(4)])):
        response = client.post(url, {"file": file})
        assert response.status_code == 400 and "3" in response.content.decode()
    ok = xlsx_upload([canteen_row(f"L-{i}") for i in range(3)])
    assert client.post(url, {"file": ok}).status_code == 302
