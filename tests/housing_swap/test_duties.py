"""Issue 18 item 3: separation of duties. Nobody acts on an application in which they are
the applicant, the proxy, the owner or a household member; a large or out-of-band amount
needs a second, different approver; every amount change is in the audit log."""

from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError

from apps.accounts import roles
from apps.housing_swap import services
from apps.housing_swap.models import Application, AuditAction, AuditLog, Status, VoucherStatus

from .conftest import staff_login
from .factories import RoundFactory, make_id, payload
from .test_workflow import advance

ADMIN = "/admin/housing_swap/application/"
STAFF_OWN_ID = make_id(serial=501)


def _submit(round_, applicant, **overrides):
    data = payload(round_, **overrides)
    data.pop("round")
    return services.application_submit_new(round_=round_, applicant=applicant, data=data)


def _person(username, role=None):
    person = get_user_model().objects.create_user(username=username, password=None, is_staff=role is not None)
    if role:
        person.groups.add(Group.objects.get(name=role))
    return person


@pytest.fixture
def second_reviewer(synced_roles):
    return _person("reviewer2", roles.HOUSING_SWAP_REVIEWER)


@pytest.fixture
def staff_resident(synced_roles):
    """A reviewer who also filed an application of their own (so the portal knows their ID)."""
    person = _person("reviewer_resident", roles.HOUSING_SWAP_ADMIN)
    _submit(RoundFactory(), person, id_number=STAFF_OWN_ID)
    return person


def _conflict_refused(call):
    with pytest.raises(ValidationError) as exc:
        call()
    assert "You may not act on this application" in " ".join(exc.value.messages) or \
        "不得处理" in " ".join(exc.value.messages)
    return exc.value


# --- conflicts of interest ---------------------------------------------------------

def test_staff_cannot_move_their_own_application(staff_resident):
    own = Application.objects.get(applicant=staff_resident)
    _conflict_refused(lambda: services.application_transition(
        application=own, to_status=Status.UNDER_REVIEW, actor=staff_resident, as_staff=True))
    own.refresh_from_db()
    assert own.status == Status.SUBMITTED


def test_staff_cannot_act_as_proxy_submitter(synced_roles, open_round):
    proxy = _person("proxy_staff", roles.HOUSING_SWAP_ADMIN)
    app = _submit(open_round, proxy, is_proxy=True, proxy_name="李四", proxy_relationship="女儿",
                  proxy_id_number=make_id(serial=71))
    err = _conflict_refused(lambda: services.application_transition(
        application=app, to_status=Status.UNDER_REVIEW, actor=proxy, as_staff=True))
    assert "proxy" in str(err) or "代办" in str(err)


def test_owner_filed_for_by_a_relative_is_recognised_by_id_hash(staff_resident, user, open_round):
    # a relative files for the staff member's old home: the owner's ID is the staff member's own
    app = _submit(open_round, user, id_number=STAFF_OWN_ID, is_proxy=True, proxy_relationship="儿子",
                  proxy_id_number=make_id(serial=72))
    assert services.conflict(app, staff_resident) == "owner"
    _conflict_refused(lambda: services.application_transition(
        application=app, to_status=Status.UNDER_REVIEW, actor=staff_resident, as_staff=True))
    _conflict_refused(lambda: services.personal_data_reveal(application=app, actor=staff_resident, reason="核对身份信息"))
    _conflict_refused(lambda: services.internal_note_add(application=app, author=staff_resident, text="ok"))
    assert not AuditLog.objects.filter(actor=staff_resident, action=AuditAction.REVEAL).exists()


def test_household_member_is_recognised_by_id_hash(staff_resident, user, open_round, reviewer):
    app = _submit(open_round, user, members=[
        {"name": "王五", "relationship": "儿子", "birth_year": 1985, "id_number": STAFF_OWN_ID}])
    member = app.members.get()
    assert member.id_number == STAFF_OWN_ID and member.id_number_hash  # stored encrypted, hashed
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT id_number FROM housing_swap_householdmember WHERE id = %s", [member.pk])
        assert STAFF_OWN_ID not in cursor.fetchone()[0]
    assert services.conflict(app, staff_resident) == "member"
    _conflict_refused(lambda: services.application_transition(
        application=app, to_status=Status.UNDER_REVIEW, actor=staff_resident, as_staff=True))
    # someone without a stake may act
    assert services.conflict(app, reviewer) is None
    advance(app, reviewer, Status.UNDER_REVIEW)


def test_members_id_kept_when_a_form_resaves_members_without_it(user, open_round):
    draft = services.application_create_draft(round_=open_round, applicant=user)
    services.application_save_draft(application=draft, data={"members": [
        {"name": "王五", "relationship": "儿子", "id_number": STAFF_OWN_ID}]})
    # the HTML form sends name, relationship and year only
    services.application_save_draft(application=draft, data={"members": [{"name": "王五", "relationship": "儿子"}]})
    assert draft.members.get().id_number == STAFF_OWN_ID


def test_invalid_member_id_is_a_400_message(user, open_round):
    with pytest.raises(ValidationError) as exc:
        _submit(open_round, user, members=[{"name": "王五", "relationship": "儿子", "id_number": "420104123"}])
    assert "household_members" in exc.value.message_dict


def test_assignment_refused_to_a_conflicted_reviewer(staff_resident, user, open_round, hsadmin):
    app = _submit(open_round, user, id_number=STAFF_OWN_ID, is_proxy=True, proxy_relationship="儿子",
                  proxy_id_number=make_id(serial=72))
    with pytest.raises(ValidationError) as exc:
        services.application_assign(application=app, reviewer=staff_resident, actor=hsadmin)
    assert "reviewer" in exc.value.message_dict
    _conflict_refused(lambda: services.application_assign(application=app, reviewer=hsadmin, actor=staff_resident))
    app.refresh_from_db()
    assert app.assigned_reviewer is None


def test_voucher_actions_refused_to_the_applicant(staff_resident, user, reviewer, second_reviewer, open_round):
    app = _submit(open_round, user, id_number=STAFF_OWN_ID, is_proxy=True, proxy_relationship="儿子",
                  proxy_id_number=make_id(serial=72))
    app = advance(app, reviewer, Status.UNDER_REVIEW, Status.APPRAISAL_SCHEDULED, Status.APPRAISED, Status.APPROVED)
    voucher = app.vouchers.get()
    _conflict_refused(lambda: services.voucher_void(voucher=voucher, reason="作废测试", actor=staff_resident))
    voucher.refresh_from_db()
    assert voucher.status == VoucherStatus.ISSUED


def test_admin_page_shows_conflict_and_no_buttons(client, staff_resident):
    own = Application.objects.get(applicant=staff_resident)
    staff_login(client, staff_resident)
    body = client.get(f"{ADMIN}{own.pk}/change/").content.decode()
    assert "errornote" in body and "/transition/" not in body and "/reveal/" not in body
    response = client.post(f"{ADMIN}{own.pk}/transition/under_review/", {"public_note": "", "internal_note": ""})
    assert response.status_code == 200  # the form again, with the message
    own.refresh_from_db()
    assert own.status == Status.SUBMITTED


def test_admin_action_reports_conflict_instead_of_failing(client, staff_resident, user, open_round):
    own = Application.objects.get(applicant=staff_resident)
    other = _submit(open_round, user, id_number=make_id(serial=777))
    staff_login(client, staff_resident)
    response = client.post(ADMIN, {"action": "start_review", "_selected_action": [own.pk, other.pk]}, follow=True)
    assert response.status_code == 200
    own.refresh_from_db()
    other.refresh_from_db()
    assert own.status == Status.SUBMITTED and other.status == Status.UNDER_REVIEW


# --- second approval ----------------------------------------------------------------

def _appraised(application, reviewer, amount):
    application = advance(application, reviewer, Status.UNDER_REVIEW, Status.APPRAISAL_SCHEDULED)
    return services.application_transition(application=application, to_status=Status.APPRAISED, actor=reviewer,
                                           as_staff=True, valuation_amount=Decimal(amount))


def test_amount_above_threshold_needs_two_different_approvers(application, reviewer, second_reviewer, settings):
    settings.HOUSING_SWAP_SECOND_APPROVAL_ABOVE_YUAN = 1_000_000
    app = _appraised(application, reviewer, "1200000")
    app = services.application_transition(application=app, to_status=Status.APPROVED, actor=reviewer, as_staff=True)
    assert app.status == Status.APPRAISED and not app.vouchers.exists()
    assert app.first_approval_by == reviewer and app.first_approval_amount == Decimal("1200000")
    assert AuditLog.objects.filter(action=AuditAction.FIRST_APPROVAL, actor=reviewer, application=app).exists()
    with pytest.raises(ValidationError) as exc:  # the same person cannot give the second approval
        services.application_transition(application=app, to_status=Status.APPROVED, actor=reviewer, as_staff=True)
    assert "status" in exc.value.message_dict
    app = services.application_transition(application=app, to_status=Status.APPROVED, actor=second_reviewer,
                                          as_staff=True)
    assert app.status == Status.APPROVED and app.vouchers.get().amount == Decimal("1200000")


def test_amount_at_or_below_threshold_needs_one_approver(application, reviewer, settings):
    settings.HOUSING_SWAP_SECOND_APPROVAL_ABOVE_YUAN = 1_200_000
    app = _appraised(application, reviewer, "1200000")
    app = services.application_transition(application=app, to_status=Status.APPROVED, actor=reviewer, as_staff=True)
    assert app.status == Status.APPROVED


@pytest.mark.parametrize("amount, band, needs_two", [
    ("685000", (9000, 12000), False),  # 10,000 /m² on 68.5 m²: inside
    ("411000", (9000, 12000), True),  # 6,000 /m²: below
    ("1027500", (9000, 12000), True),  # 15,000 /m²: above
    ("1027500", (None, None), False),  # no band
    ("1027500", (9000, None), False),  # open above
])
def test_valuation_outside_the_rounds_band_needs_two(user, reviewer, second_reviewer, amount, band, needs_two):
    round_ = RoundFactory(valuation_min_per_m2=band[0], valuation_max_per_m2=band[1])
    app = _appraised(_submit(round_, user), reviewer, amount)
    app = services.application_transition(application=app, to_status=Status.APPROVED, actor=reviewer, as_staff=True)
    assert (app.status == Status.APPRAISED) is needs_two
    if needs_two:
        reasons = services.second_approval_reasons(app)
        assert len(reasons) == 1 and ("6,000" in reasons[0] or "15,000" in reasons[0])
        app = services.application_transition(application=app, to_status=Status.APPROVED, actor=second_reviewer,
                                              as_staff=True)
        assert app.status == Status.APPROVED


def test_band_cannot_be_inverted(db):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        RoundFactory(valuation_min_per_m2=12000, valuation_max_per_m2=9000)


def test_amount_changes_are_audited(application, reviewer, hsadmin, settings):
    settings.HOUSING_SWAP_SECOND_APPROVAL_ABOVE_YUAN = 10_000_000
    app = _appraised(application, reviewer, "1200000")
    app = services.application_transition(application=app, to_status=Status.APPROVED, actor=reviewer, as_staff=True)
    voucher = app.vouchers.get()
    services.voucher_reissue(voucher=voucher, reason="券码遗失补发", actor=hsadmin)
    targets = list(AuditLog.objects.filter(action=AuditAction.AMOUNT_CHANGE).order_by("pk").values_list("target", flat=True))
    assert len(targets) == 4, targets
    assert "valuation - -> 1200000" in targets[0]
    assert f"voucher {voucher.code} issued for 1200000" in targets[1]
    assert "voided" in targets[2] and "reissue of" in targets[3]


def test_admin_first_approval_message_and_round_band_fields(client, application, reviewer, second_reviewer,
                                                             hsadmin, settings):
    settings.HOUSING_SWAP_SECOND_APPROVAL_ABOVE_YUAN = 1_000_000
    app = _appraised(application, reviewer, "1200000")
    staff_login(client, reviewer)
    response = client.post(f"{ADMIN}{app.pk}/transition/approved/", {"public_note": "", "internal_note": ""}, follow=True)
    assert response.status_code == 200
    app.refresh_from_db()
    assert app.status == Status.APPRAISED
    body = client.get(f"{ADMIN}{app.pk}/change/").content.decode()
    assert "reviewer1" in body and 'role="status"' in body
    staff_login(client, second_reviewer)
    client.post(f"{ADMIN}{app.pk}/transition/approved/", {"public_note": "", "internal_note": ""})
    app.refresh_from_db()
    assert app.status == Status.APPROVED
    staff_login(client, hsadmin)
    body = client.get(f"/admin/housing_swap/round/{app.round_id}/change/").content.decode()
    assert "valuation_min_per_m2" in body and "valuation_max_per_m2" in body
