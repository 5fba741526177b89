# ruff: noqa: F403, F405
"""Export of every change list (issue 7): CSV and Excel, the list's filters and search, row
scoping, personal data masked unless revealed (then audited), permissions."""

import io

import pytest
from django.urls import reverse

from apps.backoffice import changelists
from apps.backoffice.models import BulkJob
from apps.housing_swap.models import AuditLog
from tests.canteens.factories import CanteenFactory
from tests.downloads import assert_download

from .bulk import *  # fixtures and helpers

pytestmark = pytest.mark.django_db


def export(client, label, query="", **data):
    url = reverse("admin:backoffice_export", args=[label]) + (f"?{query}" if query else "")
    return client.post(url, {"format": "csv", **data})


def body(response) -> bytes:
    assert response.status_code == 200, response.content[:2000]
    assert "attachment" in response["Content-Disposition"]
    assert "no-store" in response["Cache-Control"]
    assert_download(response, private=True)
    return b"".join(response.streaming_content)


@pytest.fixture
def application(db, user):
    from apps.housing_swap import services
    from tests.housing_swap.factories import RoundFactory, payload

    round_ = RoundFactory()
    data = payload(round_)
    data.pop("round")
    return services.application_submit_new(round_=round_, applicant=user, data=data)


@pytest.mark.parametrize("label", sorted(ma.model._meta.label_lower for ma in changelists.portal_model_admins()
                                         if ma.model._meta.label_lower != "backoffice.bulkjob"))
def test_every_portal_change_list_exports(client, superuser, label):
    from .rows import ROW_MAKERS, two_sub_districts  # one row of every registered model

    maker = ROW_MAKERS.get(label)
    if maker is not None:
        maker(two_sub_districts()[0])
    login(client, superuser)
    page = client.get(reverse("admin:backoffice_export", args=[label]))
    assert page.status_code == 200
    rows = read_csv(body(export(client, label)))
    assert rows[0]  # the header row
    if maker is not None:
        assert len(rows) >= 2, label
    model_admin = changelists.model_admin_for(label)
    opts = model_admin.model._meta
    changelist = client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"))
    assert reverse(f"admin:{opts.app_label}_{opts.model_name}_export") in changelist.content.decode()


def test_export_keeps_the_filters_and_search_and_excel_works(client, district_admin, community_a, community_b):
    CanteenFactory(code="G-1", name="古田幸福食堂", community=community_a)
    CanteenFactory(code="G-2", name="古田第二食堂", community=community_b, status="draft")
    CanteenFactory(code="H-1", name="汉正街食堂", community=community_a)
    login(client, district_admin)
    changelist = client.get(reverse("admin:canteens_canteen_changelist"), {"q": "古田"}).content.decode()
    assert reverse("admin:backoffice_export", args=["canteens.canteen"]) + "?q=" in changelist
    rows = read_csv(body(export(client, "canteens.canteen", "q=古田")))
    assert rows[0][:3] == ["code", "name", "name_en"]
    assert sorted(r[0] for r in rows[1:]) == ["G-1", "G-2"]
    rows = read_csv(body(export(client, "canteens.canteen", "q=古田&status__exact=published")))
    assert [r[0] for r in rows[1:]] == ["G-1"]

    from openpyxl import load_workbook

    content = body(export(client, "canteens.canteen", "q=古田", format="xlsx"))
    sheet = load_workbook(io.BytesIO(content), read_only=True).worksheets[0]
    values = [list(r) for r in sheet.iter_rows(values_only=True)]
    assert values[0][0] == "code" and sorted(v[0] for v in values[1:]) == ["G-1", "G-2"]
    assert BulkJob.objects.filter(kind="export", requested_by=district_admin).count() == 3


def test_official_exports_only_their_sub_districts(client, official_a, community_a, community_b):
    CanteenFactory(code="MINE", community=community_a)
    CanteenFactory(code="THEIRS", community=community_b)
    login(client, official_a)
    rows = read_csv(body(export(client, "canteens.canteen")))
    assert [r[0] for r in rows[1:]] == ["MINE"]
    # a filter naming another sub-district gives nothing, never their rows
    rows = read_csv(body(export(client, "canteens.canteen", f"community__sub_district__id__exact={community_b.sub_district_id}")))
    assert rows[1:] == []


def test_applications_masked_unless_revealed_with_a_reason_then_audited(client, application, hsadmin, auditor):
    login(client, hsadmin)
    masked = body(export(client, "housing_swap.application")).decode("utf-8-sig")
    assert application.id_number not in masked and "13812345678" not in masked and "张三丰" not in masked
    assert "138****5678" in masked and application.id_number[:6] + "********" in masked
    assert not AuditLog.objects.filter(action="export").exists()

    page = client.get(reverse("admin:backoffice_export", args=["housing_swap.application"])).content.decode()
    assert 'name="reveal"' in page
    refused = export(client, "housing_swap.application", reveal="on", reason="")
    assert refused.status_code == 400 and not AuditLog.objects.filter(action="export").exists()

    full = body(export(client, "housing_swap.application", reveal="on", reason="区审计核对名单")).decode("utf-8-sig")
    assert application.id_number in full and "13812345678" in full and "张三丰" in full
    entry = AuditLog.objects.get(action="export")
    assert entry.actor == hsadmin and entry.reason == "区审计核对名单" and "unmasked" in entry.target

    # the auditor (read-only) may not take applicant lists away (housing-swap export permission)
    login(client, auditor)
    assert client.get(reverse("admin:backoffice_export", args=["housing_swap.application"])).status_code == 403


def test_auditor_exports_masked_users_and_cannot_reveal(client, auditor, staff_user):
    staff_user.phone = "13912345678"
    staff_user.save()
    login(client, auditor)
    page = client.get(reverse("admin:backoffice_export", args=["accounts.user"])).content.decode()
    assert 'name="reveal"' not in page
    text = body(export(client, "accounts.user", reveal="on", reason="想看看全部号码")).decode("utf-8-sig")
    assert "13912345678" not in text and "139****5678" in text
    assert "staff@example.com" not in text and "*@example.com" in text
    assert "argon2" not in text and "pbkdf2" not in text and "md5" not in text  # never the password hash
    assert not AuditLog.objects.exists()


def test_export_needs_the_permission(client, synced, community_a):
    CanteenFactory(community=community_a)
    viewer = make_staff("viewer", perms=["canteens.view_canteen"])  # may browse, not export
    login(client, viewer)
    changelist = client.get(reverse("admin:canteens_canteen_changelist")).content.decode()
    assert reverse("admin:backoffice_export", args=["canteens.canteen"]) not in changelist
    assert client.get(reverse("admin:backoffice_export", args=["canteens.canteen"])).status_code == 403
    assert export(client, "canteens.canteen").status_code == 403
    exporter = make_staff("exporter", perms=["backoffice.export_data"])  # may export, sees no list
    login(client, exporter)
    assert client.get(reverse("admin:canteens_canteen_export")).status_code == 403


def test_spreadsheet_formulas_in_data_are_neutralised(client, district_admin, community_a):
    CanteenFactory(code="F-1", name='=HYPERLINK("http://evil","x")', community=community_a)
    login(client, district_admin)
    rows = read_csv(body(export(client, "canteens.canteen")))
    assert rows[1][1].startswith("'=")


def test_hostile_filters_answer_400_not_500(client, superuser):
    login(client, superuser)
    for query in ("password__startswith=a", "no_such_field=1", "date_joined__gte=not-a-date"):
        response = client.get(reverse("admin:backoffice_export", args=["accounts.user"]) + "?" + query)
        assert response.status_code == 400, (query, response.status_code)
        assert export(client, "accounts.user", query).status_code == 400
    assert not BulkJob.objects.exists()
