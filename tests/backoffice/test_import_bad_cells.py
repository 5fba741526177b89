# ruff: noqa: F403, F405
"""Cells the security fuzz found crashing an import (a traceback instead of a message): text in
number columns, unknown codes, a NUL character. Each is a row error naming the row and the
column, in the user's language, and nothing is imported."""

import re

import pytest
import tablib
from django.urls import reverse

from apps.backoffice.models import BulkJob
from apps.parks.models import Park
from apps.parks.resources import ParkResource
from apps.projects.models import Project
from apps.projects.resources import ProjectResource

from .bulk import *  # fixtures and helpers

pytestmark = pytest.mark.django_db

IMPORT = "admin:backoffice_import"


def preview_of(client, label, file) -> BulkJob:
    response = client.post(reverse(IMPORT, args=[label]), {"file": file})
    assert response.status_code == 302, response.content.decode()[:2000]
    return BulkJob.objects.get(pk=int(response["Location"].rstrip("/").split("/")[-2]))


def project_row(code, **overrides):
    row = {"code": code, "year": "2026", "order": "1", "category": "housing", "title": "保障房",
           "status": "planned", "target_quantity": "10", "achieved_quantity": "5", "parent": "",
           "sub_districts": "SD-A"}
    row.update(overrides)
    return row


def park_row(code, **overrides):
    row = {"code": code, "name": "口袋公园", "address": "某路", "community": "CA1", "lat": "30.6", "lon": "114.2",
           "status": "published", "park_type": "pocket", "area_m2": "1200", "green_area_m2": "800",
           "parking_spaces": "0"}
    row.update(overrides)
    return row


def english(client, user):
    login(client, user)
    client.cookies["django_language"] = "en"
    user.preferred_language = "en"
    user.save(update_fields=["preferred_language"])


def test_project_numbers_and_codes_are_row_errors_with_messages(client, district_admin, street_a):
    english(client, district_admin)
    rows = [
        project_row("P-OK"),
        project_row("P-1", year="abc"),
        project_row("P-2", year="inf", order="NaN"),
        project_row("P-3", order="abc", target_quantity="inf", achieved_quantity="abc"),
        project_row("P-4", parent="NOPE"),
        project_row("P-5", sub_districts="SD-A;NOPE-SD"),
        project_row("P-6", year="1e999999999"),
    ]
    preview = preview_of(client, "projects.project", csv_upload(rows))
    assert preview.counts["error"] == 6, preview.error_report
    report = {(e["row"], e["field"]): e["message"] for e in preview.error_report}
    assert report[(3, "year")] == "“abc” is not a number."
    assert report[(4, "year")] == "“inf” is not a number."
    assert report[(4, "order")] == "“NaN” is not a number."
    assert report[(5, "order")] == "“abc” is not a number."
    assert report[(5, "target_quantity")] == "“inf” is not a number."
    assert report[(5, "achieved_quantity")] == "“abc” is not a number."
    assert report[(6, "parent")] == "There is no parent project with the code “NOPE”."
    assert report[(7, "sub_districts")] == "There is no sub-district with the code “NOPE-SD”."
    assert report[(8, "year")] == "“1e999999999” is too large."
    assert not Project.objects.exists()
    assert client.post(reverse("admin:backoffice_confirm", args=[preview.pk])).status_code == 400


def test_project_whole_numbers_and_a_known_parent_still_import(client, district_admin, street_a):
    login(client, district_admin)
    rows = [project_row("P-1", year="2026.0"), project_row("P-1a", parent="P-1", order="2", sub_districts="")]
    preview = preview_of(client, "projects.project", csv_upload(rows))
    assert not preview.error_report, preview.error_report
    preview_of(client, "projects.project", csv_upload([project_row("P-2", order="1.5")]))
    bad = BulkJob.objects.latest("pk")
    assert [(e["row"], e["field"]) for e in bad.error_report] == [(2, "order")]
    assert "1.5" in bad.error_report[0]["message"]  # not a whole number
    client.post(reverse("admin:backoffice_confirm", args=[preview.pk]))
    child = Project.objects.get(code="P-1a")
    assert child.parent.code == "P-1" and child.order == 2 and child.parent.year == 2026


def test_park_numbers_are_row_errors_in_chinese_too(client, district_admin, community_a):
    login(client, district_admin)  # Chinese, the default
    rows = [park_row("PK-1", area_m2="abc"), park_row("PK-2", parking_spaces="inf")]
    preview = preview_of(client, "parks.park", csv_upload(rows))
    report = {(e["row"], e["field"]): e["message"] for e in preview.error_report}
    assert set(report) == {(2, "area_m2"), (3, "parking_spaces")}
    assert all("abc" in m or "inf" in m for m in report.values()) and "is not" not in " ".join(report.values())
    assert not Park.objects.exists()


@pytest.mark.parametrize("label,make_row,column", [("projects.project", project_row, "title"),
                                                   ("parks.park", park_row, "name")])
def test_a_nul_past_the_start_of_a_csv_is_refused_with_a_message(client, district_admin, community_a,
                                                                 label, make_row, column):
    login(client, district_admin)
    rows = [make_row(f"R-{i}") for i in range(200)]
    rows[150][column] = "保障\x00房"  # far past the head of the file
    file = csv_upload(rows)
    assert b"\x00" not in file.read(1024)
    file.seek(0)
    response = client.post(reverse(IMPORT, args=[label]), {"file": file})
    assert response.status_code == 400
    page = response.content.decode()
    assert re.search(rf"(Row 152, column “{column}”: the cell contains a NUL character"
                     rf"|第 152 行“{column}”列：该单元格含有无法保存的 NUL 字符)", page), page[-3000:]
    assert not BulkJob.objects.exists()


@pytest.mark.parametrize("resource_class,row,field", [
    (ProjectResource, project_row("P-1", title="a\x00b"), "title"),
    (ProjectResource, project_row("P\x00-1"), "code"),
    (ProjectResource, project_row("P-1", parent="\x00P"), "parent"),
    (ProjectResource, project_row("P-1", sub_districts="SD-A;\x00"), "sub_districts"),
    (ParkResource, park_row("PK-1", community="\x00CA1"), "community"),
    (ParkResource, park_row("PK\x001"), "code"),
])
def test_a_nul_in_a_cell_is_a_row_error_of_the_resource(resource_class, row, field, community_a, superuser):
    """The resources refuse it themselves (the projects admin imports without apps.backoffice)."""
    dataset = tablib.Dataset(headers=list(row))
    dataset.append(list(row.values()))
    result = resource_class().import_data(dataset, dry_run=True, raise_errors=False, user=superuser)
    assert not result.base_errors and not any(r.errors for r in result.rows)
    (invalid,) = result.invalid_rows
    assert "NUL" in " ".join(invalid.error_dict[field])
