from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from apps.housing_swap import selectors, services
from apps.housing_swap.models import Status, VoucherStatus

from .factories import ProjectFactory
from .test_workflow import advance


@pytest.fixture
def voucher(application, reviewer):
    application = advance(application, reviewer, Status.UNDER_REVIEW, Status.APPRAISAL_SCHEDULED,
                          Status.APPRAISED, Status.APPROVED)
    return application.vouchers.get()


def test_codes_are_unique_and_unguessable(voucher):
    assert voucher.code.startswith("GFQ-") and len(voucher.code) == 15


def test_redeem_at_partner_project(voucher, hsadmin):
    project = ProjectFactory()
    redeemed = services.voucher_redeem(voucher=voucher, project=project, actor=hsadmin)
    assert redeemed.status == VoucherStatus.REDEEMED and redeemed.redeemed_project == project
    with pytest.raises(ValidationError):
        services.voucher_redeem(voucher=voucher, project=project, actor=hsadmin)


def test_non_partner_and_reviewer_cannot_redeem(voucher, hsadmin, reviewer):
    with pytest.raises(ValidationError):
        services.voucher_redeem(voucher=voucher, project=ProjectFactory(is_partner=False), actor=hsadmin)
    with pytest.raises(PermissionDenied):
        services.voucher_redeem(voucher=voucher, project=ProjectFactory(), actor=reviewer)


def test_void_needs_reason_and_reissue_keeps_amount(voucher, hsadmin):
    with pytest.raises(ValidationError):
        services.voucher_void(voucher=voucher, reason=" ", actor=hsadmin)
    fresh = services.voucher_reissue(voucher=voucher, reason="券面污损", actor=hsadmin)
    voucher.refresh_from_db()
    assert voucher.status == VoucherStatus.VOIDED and voucher.void_reason == "券面污损"
    assert fresh.replaces == voucher and fresh.amount == voucher.amount and fresh.code != voucher.code
    with pytest.raises(ValidationError):
        services.voucher_reissue(voucher=voucher, reason="again", actor=hsadmin)


def test_ledger_totals(voucher, hsadmin):
    services.voucher_redeem(voucher=voucher, project=ProjectFactory(), actor=hsadmin)
    (row,) = selectors.voucher_ledger()
    assert row["issued_count"] == 1 and row["redeemed_count"] == 1
    assert row["issued_amount"] == Decimal("1200000.00") and row["redeemed_amount"] == Decimal("1200000.00")
    stats = selectors.round_statistics()
    assert stats[0][0].applications_approved == 1
