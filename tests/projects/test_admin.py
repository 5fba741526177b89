import pytest
import tablib
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from apps.notices.models import Event
from apps.projects.admin import ProjectResource
from apps.projects.models import ProgressUpdate, Project
from tests.factories import SubDistrictFactory
from tests.otp import staff_login

from .factories import MilestoneFactory, ProgressUpdateFactory, ProjectFactory

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/projects/project/"


def login(user, password):
    client = Client()
    assert client.login(username=user.username, password=password)
    return staff_login(client, user)  # staff pass two-factor too


def test_changelist_and_change_form(district_admin, password, project, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = login(district_admin, password)
    client.get(CHANGELIST)
    with CaptureQueriesContext(connection) as few:
        assert client.get(CHANGELIST).status_code == 200
    for _ in range(15):
        ProjectFactory()
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(CHANGELIST).status_code == 200
    MilestoneFactory(project=project)
    ProgressUpdateFactory(project=project)
    response = client.get(f"{CHANGELIST}{project.pk}/change/")
    assert response.status_code == 200
    assert "milestones-TOTAL_FORMS" in response.content.decode()
    assert client.get(f"{CHANGELIST}{project.pk}/history/").status_code == 200
    assert client.get("/admin/projects/milestone/").status_code == 200
    assert client.get("/admin/projects/progressupdate/").status_code == 200


def _inline_post(project, **update):
    data = {
        "code": project.code, "year": project.year, "order": project.order,
        "category": project.category, "weight": "1", "title": project.title,
        "title_en": project.title_en, "quantity_kind": "count",
        "target_quantity": "11000", "unit": project.unit, "unit_en": project.unit_en,
        "progress_method": "derived", "status": project.status,
        "sub_districts": [s.pk for s in project.sub_districts.all()],
        "milestones-TOTAL_FORMS": "0", "milestones-INITIAL_FORMS": "0",
        "updates-TOTAL_FORMS": "1", "updates-INITIAL_FORMS": "0",
    }
    data.update({f"updates-0-{k}": v for k, v in update.items()})
    return data


def test_inline_update_goes_through_the_service(district_admin, password, project):
    client = login(district_admin, password)
    response = client.post(f"{CHANGELIST}{project.pk}/change/",
                           _inline_post(project, note="后台发布", achieved_quantity="1100"))
    assert response.status_code == 302, response.content.decode()[:3000]
    update = ProgressUpdate.objects.get()
    assert update.posted_by == district_admin
    assert update.resulting_percent == 10
    assert Event.objects.count() == 1


def test_inline_update_needs_a_figure(district_admin, password, project):
    client = login(district_admin, password)
    response = client.post(f"{CHANGELIST}{project.pk}/change/", _inline_post(project, note="没有数字"))
    assert response.status_code == 200
    assert not ProgressUpdate.objects.exists()


def test_bulk_post_progress_confirms_first(district_admin, password, project):
    other = ProjectFactory()
    client = login(district_admin, password)
    selected = {"action": "post_progress", ACTION_CHECKBOX_NAME: [project.pk, other.pk]}
    page = client.post(CHANGELIST, selected)
    assert page.status_code == 200
    assert 'name="apply"' in page.content.decode()
    assert not ProgressUpdate.objects.exists()
    invalid = client.post(CHANGELIST, {**selected, "apply": "1", "note": "n"})
    assert invalid.status_code == 200
    assert not ProgressUpdate.objects.exists()
    done = client.post(CHANGELIST, {**selected, "apply": "1", "note": "季度进展", "progress_percent": "40"})
    assert done.status_code == 302
    assert ProgressUpdate.objects.count() == 2
    assert Event.objects.count() == 2
    project.refresh_from_db()
    assert project.progress_percent == 40


def test_bulk_action_respects_sub_districts(official_a, password, project):
    foreign = ProjectFactory()
    foreign.sub_districts.add(SubDistrictFactory())
    client = login(official_a, password)
    # the official only sees the projects of their sub-districts
    changelist = client.get(CHANGELIST).content.decode()
    assert project.code in changelist and foreign.code not in changelist
    client.post(CHANGELIST, {"action": "post_progress", ACTION_CHECKBOX_NAME: [project.pk, foreign.pk],
                             "apply": "1", "note": "n", "progress_percent": "20"})
    assert list(ProgressUpdate.objects.values_list("project_id", flat=True)) == [project.pk]


def test_action_hidden_without_the_permission(staff_user, password, project):
    from django.contrib.auth.models import Permission

    staff_user.user_permissions.add(Permission.objects.get(codename="view_project", content_type__app_label="projects"))
    response = login(staff_user, password).get(CHANGELIST)
    assert response.status_code == 200
    assert "post_progress" not in response.content.decode()


def _dataset(rows):
    headers = ["code", "year", "category", "title", "title_en", "target_quantity", "achieved_quantity",
               "unit", "status", "sub_districts", "parent"]
    return tablib.Dataset(*rows, headers=headers)


def test_import_dry_run_changes_nothing(street_a):
    dataset = _dataset([
        ["2025-01", "2025", "transport", "新增充电桩", "New piles", "5000", "1000", "个", "in_progress",
         street_a.code, ""],
        ["2025-01a", "2025", "transport", "子项目", "Sub", "10", "5", "个", "in_progress", "", "2025-01"],
    ])
    result = ProjectResource().import_data(dataset, dry_run=True)
    assert not result.has_errors() and not result.has_validation_errors()
    assert not Project.objects.filter(year=2025).exists()
    result = ProjectResource().import_data(dataset, dry_run=False)
    parent = Project.objects.get(code="2025-01")
    assert parent.sub_districts.get() == street_a
    assert Project.objects.get(code="2025-01a").parent == parent
    assert Project.objects.get(code="2025-01a").progress_percent == 50


def test_import_is_all_or_nothing_with_an_error_report():
    dataset = _dataset([
        ["2025-02", "2025", "transport", "好的一行", "Good", "10", "1", "个", "planned", "", ""],
        ["2025-03", "2025", "not-a-category", "坏的一行", "Bad", "10", "-1", "个", "planned", "", ""],
    ])
    result = ProjectResource().import_data(dataset, dry_run=False)
    assert result.has_validation_errors()
    invalid = result.invalid_rows[0]
    assert "category" in invalid.field_specific_errors
    assert "achieved_quantity" in invalid.field_specific_errors
    assert not Project.objects.filter(year=2025).exists()


def test_import_page_previews(district_admin, password):
    """The import runs through the back office (apps.backoffice): upload, preview, confirm."""
    from django.contrib.auth.models import Permission

    from apps.backoffice.models import BulkJob

    district_admin.user_permissions.add(Permission.objects.get(codename="import_data"))
    client = login(district_admin, password)
    csv_file = SimpleUploadedFile(
        "list.csv", "code,year,category,title,status\n2026-01,2026,housing,保障房,planned\n".encode(),
        content_type="text/csv",
    )
    response = client.post("/admin/backoffice/bulkjob/import/projects.project/", {"file": csv_file})
    assert response.status_code == 302
    preview = BulkJob.objects.get()
    assert preview.dry_run and preview.rows[0]["result"] == "new" and not preview.error_report
    html = client.get(response["Location"]).content.decode()
    assert "保障房" in html and f"/{preview.pk}/confirm/" in html  # the confirmation form
    assert not Project.objects.filter(code="2026-01").exists()
