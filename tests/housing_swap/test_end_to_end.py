"""A resident registers, checks eligibility, applies with documents, is asked for more,
uploads them, is approved with a voucher and redeems it; a reviewer does their part.
Runs on SQLite and, with DATABASE_URL=postgres://..., on PostgreSQL."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from rest_framework.test import APIClient

from apps.housing_swap import services
from apps.housing_swap.models import Application, Status, VoucherStatus
from apps.notices import events
from apps.notices.models import Event

from .factories import PDF_BYTES, VALID_ID, payload, png_bytes


def test_register_apply_review_approve_redeem(open_round, reviewer, hsadmin):
    api = APIClient()
    registered = api.post("/api/v1/auth/register/", {"username": "zhang", "password": "Hanzheng-Street-2024!",
                                                     "email": "zhang@example.com"}, format="json")
    assert registered.status_code == 201, registered.content
    token = api.post("/api/v1/auth/token/", {"username": "zhang", "password": "Hanzheng-Street-2024!"},
                     format="json").json()["token"]
    api.credentials(HTTP_AUTHORIZATION=f"Token {token}")

    check = api.post("/api/v1/housing-swap/eligibility/", {
        "round": open_round.pk, "old_home_area_m2": 68.5, "old_home_building_year": 1995,
        "old_home_ownership": "housing_reform"}, format="json").json()
    assert check["eligible"] is True

    created = api.post("/api/v1/housing-swap/applications/", payload(
        open_round, old_home_building_year=1995, old_home_ownership="housing_reform",
        desired_project=open_round.projects.first().pk), format="json")
    assert created.status_code == 201, created.json()
    app_id = created.json()["id"]
    for kind, name, content in [("id_card", "id.png", png_bytes()), ("property_certificate", "c.pdf", PDF_BYTES)]:
        upload = api.post(f"/api/v1/housing-swap/applications/{app_id}/documents/",
                          {"kind": kind, "file": SimpleUploadedFile(name, content)}, format="multipart")
        assert upload.status_code == 201

    application = Application.objects.get(pk=app_id)
    assert application.missing_document_kinds == []
    application = services.application_transition(application=application, to_status=Status.UNDER_REVIEW,
                                                  actor=reviewer, as_staff=True)
    application = services.application_transition(
        application=application, to_status=Status.MORE_DOCUMENTS_REQUESTED, actor=reviewer, as_staff=True,
        public_note="请补充户口簿", requested_kinds=["household_register"])
    detail = api.get(f"/api/v1/housing-swap/applications/{app_id}/").json()
    assert detail["status"] == Status.MORE_DOCUMENTS_REQUESTED
    assert detail["requested_document_kinds"] == ["household_register"]

    again = api.post(f"/api/v1/housing-swap/applications/{app_id}/documents/",
                     {"kind": "household_register", "file": SimpleUploadedFile("h.jpg", png_bytes())},
                     format="multipart")
    assert again.status_code == 201
    application.refresh_from_db()
    assert application.status == Status.UNDER_REVIEW

    for target, extra in [
        (Status.APPRAISAL_SCHEDULED, {"appraisal_at": timezone.now() + dt.timedelta(days=2)}),
        (Status.APPRAISED, {"valuation_amount": Decimal("1350000.00")}),
        (Status.APPROVED, {"public_note": "审核通过"}),
    ]:
        application = services.application_transition(application=application, to_status=target, actor=reviewer,
                                                      as_staff=True, **extra)
    detail = api.get(f"/api/v1/housing-swap/applications/{app_id}/").json()
    assert detail["status"] == "approved" and detail["vouchers"][0]["amount"] == "1350000.00"
    voucher = application.vouchers.get()
    voucher = services.voucher_redeem(voucher=voucher, project=application.desired_project, actor=hsadmin)
    assert voucher.status == VoucherStatus.REDEEMED

    published = list(Event.objects.filter(subject=f"housing_swap.application:{app_id}").order_by("id")
                     .values_list("kind", "context__new_status"))
    assert published == [
        (events.APPLICATION_STATUS, "submitted"),
        (events.APPLICATION_STATUS, "under_review"),
        (events.APPLICATION_DOCUMENTS_REQUESTED, "more_documents_requested"),
        (events.APPLICATION_STATUS, "under_review"),
        (events.APPLICATION_STATUS, "appraisal_scheduled"),
        (events.APPLICATION_STATUS, "appraised"),
        (events.APPLICATION_STATUS, "approved"),
    ]
    timeline = [(t["from"], t["to"]) for t in detail["timeline"]]
    assert timeline[0] == ("draft", "submitted") and timeline[-1] == ("appraised", "approved")
    assert VALID_ID not in str(detail)


def test_one_active_application_is_a_database_constraint(application, open_round):
    """The conditional unique constraint holds even when the service checks are bypassed."""
    clone = Application(round=open_round, applicant=application.applicant, reference="HS-CLONE-1",
                        status=Status.SUBMITTED)
    with pytest.raises(IntegrityError), transaction.atomic():
        clone.save()
    other = Application(round=open_round, applicant=application.applicant, reference="HS-CLONE-2",
                        status=Status.WITHDRAWN)
    other.save()  # inactive ones do not count


@pytest.mark.postgres
def test_constraints_on_postgresql(application, open_round):
    from django.db import connection

    assert connection.vendor == "postgresql"
    clone = Application(round=open_round, applicant=application.applicant, reference="HS-PG-1",
                        status=Status.UNDER_REVIEW)
    with pytest.raises(IntegrityError), transaction.atomic():
        clone.save()
    proxy = Application(round=open_round, applicant=application.applicant, reference="HS-PG-2",
                        status=Status.SUBMITTED, is_proxy=True)
    proxy.save()  # applying for a relative is not blocked by one's own application
    with pytest.raises(IntegrityError), transaction.atomic():
        Application.objects.filter(pk=application.pk).update(old_home_area_m2=Decimal("1000.5"))
    with pytest.raises(IntegrityError), transaction.atomic():
        Application.objects.filter(pk=application.pk).update(household_size=21)
