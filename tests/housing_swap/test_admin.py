import csv
import datetime as dt
import io

import pytest
from django.contrib.admin.sites import site
from django.core.exceptions import PermissionDenied, ValidationError

from apps.housing_swap import services
from apps.housing_swap.models import Application, AuditLog, Status, Voucher
from tests.downloads import assert_download

from .conftest import staff_login
from .factories import VALID_ID, ProjectFactory, RoundFactory, make_id, payload
from .test_workflow import advance

ADMIN = "/admin/housing_swap/application/"


def test_queue_lists_masked_numbers_only(client, application, hsadmin, django_assert_max_num_queries):
    for i in range(4):
        r = RoundFactory()
        data = payload(r, id_number=make_id(serial=i + 20))
        data.pop("round")
        services.application_submit_new(round_=r, applicant=application.applicant, data=data)
    staff_login(client, hsadmin)
    with django_assert_max_num_queries(30):
        response = client.get(ADMIN)
    body = response.content.decode()
    assert response.status_code == 200
    assert VALID_ID not in body and "13812345678" not in body and "张三丰" not in body
    assert "138****5678" in body and VALID_ID[:6] + "********" + VALID_ID[-4:] in body
    change = client.get(f"{ADMIN}{application.pk}/change/").content.decode()
    assert VALID_ID not in change and "13812345678" not in change and "0012345" not in change
    assert "no-store" in client.get(ADMIN)["Cache-Control"]


def test_search_by_full_id_uses_the_keyed_hash(client, application, reviewer):
    staff_login(client, reviewer)
    response = client.get(ADMIN, {"q": VALID_ID.lower()})
    assert application.reference in response.content.decode()
    assert make_id(serial=999) not in response.content.decode()


def test_transition_page_requires_reason_for_rejection(client, application, reviewer):
    staff_login(client, reviewer)
    url = f"{ADMIN}{application.pk}/transition/rejected/"
    response = client.post(url, {"public_note": "", "internal_note": "x"})
    assert response.status_code == 200
    application.refresh_from_db()
    assert application.status == Status.SUBMITTED
    response = client.post(url, {"public_note": "房屋面积不符", "internal_note": "核对过产证"})
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == Status.REJECTED
    event = application.events.last()
    assert event.internal_note == "核对过产证" and event.actor == reviewer


def test_more_documents_then_reupload_returns_to_review(client, application, reviewer, png_upload, user):
    staff_login(client, reviewer)
    client.post(f"{ADMIN}{application.pk}/transition/under_review/", {})
    response = client.post(f"{ADMIN}{application.pk}/transition/more_documents_requested/",
                           {"public_note": "请上传户口簿", "requested_kinds": ["household_register"]})
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == Status.MORE_DOCUMENTS_REQUESTED
    services.document_upload(application=application, kind="household_register", upload=png_upload, actor=user)
    application.refresh_from_db()
    assert application.status == Status.UNDER_REVIEW and application.requested_document_kinds == []
    assert application.events.last().actor == user


def test_appraisal_and_valuation_forms(client, application, reviewer):
    staff_login(client, reviewer)
    client.post(f"{ADMIN}{application.pk}/transition/under_review/", {})
    client.post(f"{ADMIN}{application.pk}/transition/appraisal_scheduled/", {"appraisal_at": "2030-05-01T09:30"})
    client.post(f"{ADMIN}{application.pk}/transition/appraised/", {"valuation_amount": "980000"})
    client.post(f"{ADMIN}{application.pk}/transition/approved/", {})
    application.refresh_from_db()
    assert application.status == Status.APPROVED
    assert application.vouchers.get().amount == 980000


def test_reveal_requires_reason_and_is_audited(client, application, hsadmin):
    staff_login(client, hsadmin)
    url = f"{ADMIN}{application.pk}/reveal/"
    page = client.get(url)
    assert VALID_ID not in page.content.decode()
    short = client.post(url, {"reason": "x"})
    assert VALID_ID not in short.content.decode() and not AuditLog.objects.exists()
    response = client.post(url, {"reason": "申请人来电核对身份"})
    assert VALID_ID in response.content.decode() and "13812345678" in response.content.decode()
    assert "no-store" in response["Cache-Control"]
    entry = AuditLog.objects.get()
    assert entry.actor == hsadmin and entry.action == "reveal" and entry.reason == "申请人来电核对身份"
    assert VALID_ID not in entry.target


def test_reveal_service_refuses_without_permission(application, reviewer):
    with pytest.raises(PermissionDenied):
        services.personal_data_reveal(application=application, actor=reviewer, reason="just looking")


def test_audit_log_is_read_only(client, application, hsadmin):
    services.personal_data_reveal(application=application, actor=hsadmin, reason="核对身份信息")
    entry = AuditLog.objects.get()
    staff_login(client, hsadmin)
    assert client.get(f"/admin/housing_swap/auditlog/{entry.pk}/change/").status_code == 200
    assert client.post(f"/admin/housing_swap/auditlog/{entry.pk}/change/", {"reason": "changed"}).status_code == 403
    assert client.get(f"/admin/housing_swap/auditlog/{entry.pk}/delete/").status_code == 403
    assert client.get("/admin/housing_swap/auditlog/add/").status_code == 403
    entry.reason = "changed"
    with pytest.raises(RuntimeError):
        entry.save()
    with pytest.raises(RuntimeError):
        entry.delete()
    model_admin = site._registry[AuditLog]
    assert "delete_selected" not in model_admin.get_actions(type("R", (), {"user": hsadmin, "GET": {}})())


def test_export_is_masked_without_reveal_and_audited(application, reviewer, hsadmin, auditor):
    with pytest.raises(PermissionDenied):
        services.applications_export_csv(queryset=Application.objects.all(), actor=reviewer)
    from django.contrib.auth.models import Permission

    reviewer.user_permissions.add(Permission.objects.get(codename="export_applications"))
    reviewer = type(reviewer).objects.get(pk=reviewer.pk)
    masked = services.applications_export_csv(queryset=Application.objects.all(), actor=reviewer)
    assert VALID_ID not in masked and "138****5678" in masked and "13812345678" not in masked
    # issue 18 item 5: even a user who may reveal gets a masked file unless they ask for the
    # full numbers with a reason of at least 5 characters
    assert VALID_ID not in services.applications_export_csv(queryset=Application.objects.all(), actor=hsadmin)
    with pytest.raises(ValidationError):
        services.applications_export_csv(queryset=Application.objects.all(), actor=hsadmin, unmasked=True, reason="看看")
    with pytest.raises(PermissionDenied):
        services.applications_export_csv(queryset=Application.objects.all(), actor=reviewer, unmasked=True,
                                         reason="核对产权登记信息")
    full = services.applications_export_csv(queryset=Application.objects.all(), actor=hsadmin, unmasked=True,
                                            reason="核对产权登记信息")
    assert VALID_ID in full
    assert list(AuditLog.objects.order_by("id").values_list("target", "reason")) == [
        ("1 applications, masked", "CSV export"), ("1 applications, masked", "CSV export"),
        ("1 applications, unmasked", "核对产权登记信息")]


def test_export_quotes_spreadsheet_formulas(application, hsadmin):
    """issue 18 item 5: a name or address typed as a formula reaches a spreadsheet as text."""
    Application.objects.filter(pk=application.pk).update(old_home_address="=HYPERLINK(\"http://x\",\"点此\")",
                                                         applicant_name="@SUM(A1)")
    content = services.applications_export_csv(queryset=Application.objects.all(), actor=hsadmin, unmasked=True,
                                               reason="核对产权登记信息")
    rows = list(csv.reader(io.StringIO(content)))
    row = dict(zip(rows[0], rows[1], strict=True))
    assert row["old_home_address"].startswith("'=") and row["applicant_name"] == "'@SUM(A1)"
    masked = dict(zip(*csv.reader(io.StringIO(
        services.applications_export_csv(queryset=Application.objects.all(), actor=hsadmin))), strict=True))
    assert not masked["old_home_address"].startswith(("=", "@", "+", "-"))


def test_unmasked_export_in_admin_asks_a_reason(client, application, hsadmin, reviewer):
    staff_login(client, hsadmin)
    response = client.post(ADMIN, {"action": "export_csv_unmasked", "_selected_action": [application.pk]})
    assert response.status_code == 302
    page = response["Location"]
    assert client.post(page, {"reason": "短"}).status_code == 200  # too short: the form again
    response = client.post(page, {"reason": "核对产权登记信息"})
    assert response["Content-Type"].startswith("text/csv") and VALID_ID in response.content.decode()
    assert AuditLog.objects.filter(reason="核对产权登记信息", target="1 applications, unmasked").exists()
    client.logout()
    staff_login(client, reviewer)
    assert client.get(page).status_code == 403


def test_export_action_in_admin(client, application, hsadmin):
    staff_login(client, hsadmin)
    response = client.post(ADMIN, {"action": "export_csv", "_selected_action": [application.pk]})
    assert response["Content-Type"].startswith("text/csv")
    assert application.reference in response.content.decode()
    assert_download(response, filename="housing-swap-applications.csv", private=True)


def test_assign_and_notes(client, application, reviewer, hsadmin):
    staff_login(client, hsadmin)
    client.post(f"{ADMIN}{application.pk}/assign/", {"reviewer": reviewer.pk})
    application.refresh_from_db()
    assert application.assigned_reviewer == reviewer
    client.post(f"{ADMIN}{application.pk}/note/", {"text": "请优先处理"})
    assert application.internal_notes.get().author == hsadmin
    with pytest.raises(ValidationError):
        services.application_assign(application=application, reviewer=application.applicant, actor=hsadmin)


def test_voucher_admin_pages(client, application, reviewer, hsadmin):
    application = advance(application, reviewer, Status.UNDER_REVIEW, Status.APPRAISAL_SCHEDULED,
                          Status.APPRAISED, Status.APPROVED)
    voucher = application.vouchers.get()
    staff_login(client, hsadmin)
    assert client.get(f"/admin/housing_swap/voucher/{voucher.pk}/change/").status_code == 200
    response = client.post(f"/admin/housing_swap/voucher/{voucher.pk}/reissue/", {"reason": "券遗失补发"})
    assert response.status_code == 302
    fresh = Voucher.objects.get(replaces=voucher)
    project = ProjectFactory()
    client.post(f"/admin/housing_swap/voucher/{fresh.pk}/redeem/", {"project": project.pk})
    fresh.refresh_from_db()
    assert fresh.status == "redeemed" and fresh.redeemed_by == hsadmin
    ledger = client.get("/admin/housing_swap/voucher/ledger/")
    assert ledger.status_code == 200
    stats = client.get("/admin/housing_swap/round/statistics/").content.decode()
    assert "1,200,000.00" in stats or "1200000.00" in stats


def test_waiting_filter(client, application, reviewer):
    Application.objects.filter(pk=application.pk).update(
        status_changed_at=application.status_changed_at - dt.timedelta(days=10))
    staff_login(client, reviewer)
    body = client.get(ADMIN, {"waiting": "overdue"}).content.decode()
    assert application.reference in body
