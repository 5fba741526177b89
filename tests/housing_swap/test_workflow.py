import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from apps.housing_swap import services, transitions
from apps.housing_swap.models import ApplicationEvent, Status, VoucherStatus
from apps.notices import events
from apps.notices.models import Event

from .factories import VALID_ID


def advance(application, actor, *targets, **kwargs):
    for target in targets:
        extra = {}
        if target == Status.MORE_DOCUMENTS_REQUESTED:
            extra = {"public_note": "请补充户口簿", "requested_kinds": ["household_register"]}
        if target == Status.APPRAISAL_SCHEDULED:
            extra = {"appraisal_at": timezone.now() + dt.timedelta(days=3)}
        if target == Status.APPRAISED:
            extra = {"valuation_amount": Decimal("1200000")}
        if target == Status.REJECTED:
            extra = {"public_note": "不符合条件"}
        application = services.application_transition(
            application=application, to_status=target, actor=actor, as_staff=True, **{**extra, **kwargs})
    return application


def test_transition_table_shape():
    assert transitions.targets(Status.SUBMITTED, transitions.STAFF) == [
        Status.UNDER_REVIEW, Status.REJECTED, Status.WITHDRAWN]
    assert transitions.targets(Status.SUBMITTED, transitions.APPLICANT) == [Status.WITHDRAWN]
    assert transitions.targets(Status.COMPLETED, transitions.STAFF) == []
    assert transitions.can_withdraw(Status.APPRAISED) and not transitions.can_withdraw(Status.APPROVED)
    for rule in transitions.TRANSITIONS.values():
        if rule.target == Status.REJECTED:
            assert rule.needs_reason


def test_full_path_writes_events_and_issues_voucher(application, reviewer):
    application = advance(application, reviewer, Status.UNDER_REVIEW, Status.APPRAISAL_SCHEDULED,
                          Status.APPRAISED, Status.APPROVED)
    voucher = application.vouchers.get()
    assert voucher.amount == Decimal("1200000.00") and voucher.status == VoucherStatus.ISSUED
    assert voucher.expires_at > timezone.now() + dt.timedelta(days=179)
    assert list(application.events.values_list("to_status", flat=True)) == [
        Status.SUBMITTED, Status.UNDER_REVIEW, Status.APPRAISAL_SCHEDULED, Status.APPRAISED, Status.APPROVED]
    notices = Event.objects.filter(kind=events.APPLICATION_STATUS).order_by("id")
    assert notices.count() == 5
    last = notices.last()
    assert last.context["new_status"] == Status.APPROVED and last.context["old_status"] == Status.APPRAISED
    assert last.context["reference"] == application.reference
    assert last.context["new_status_label"] == "Approved"  # the msgid; notices translate per recipient
    assert last.link == f"/housing-swap/applications/{application.pk}/"
    assert last.actor == reviewer


def test_notice_context_holds_no_personal_data(application, reviewer):
    advance(application, reviewer, Status.UNDER_REVIEW, Status.MORE_DOCUMENTS_REQUESTED)
    for event in Event.objects.all():
        flat = repr(event.context) + event.link
        assert VALID_ID not in flat and VALID_ID[-4:] not in flat
        assert "13812345678" not in flat and "张三丰" not in flat
    requested = Event.objects.get(kind=events.APPLICATION_DOCUMENTS_REQUESTED)
    assert requested.context["requested_document_kinds"] == ["household_register"]
    assert requested.context["public_note"] == "请补充户口簿"


@pytest.mark.parametrize("target", [Status.APPROVED, Status.COMPLETED, Status.DRAFT, "nonsense"])
def test_illegal_transitions_are_refused(application, reviewer, target):
    with pytest.raises(ValidationError) as exc:
        services.application_transition(application=application, to_status=target, actor=reviewer, as_staff=True)
    assert "status" in exc.value.message_dict
    assert application.events.count() == 1


def test_rejection_needs_a_reason(application, reviewer):
    with pytest.raises(ValidationError) as exc:
        services.application_transition(application=application, to_status=Status.REJECTED, actor=reviewer,
                                        as_staff=True)
    assert "public_note" in exc.value.message_dict
    application = advance(application, reviewer, Status.REJECTED)
    assert application.decision_reason == "不符合条件"


def test_valuation_and_appointment_required(application, reviewer):
    application = advance(application, reviewer, Status.UNDER_REVIEW)
    with pytest.raises(ValidationError) as exc:
        services.application_transition(application=application, to_status=Status.APPRAISAL_SCHEDULED,
                                        actor=reviewer, as_staff=True)
    assert "appraisal_at" in exc.value.message_dict
    application = advance(application, reviewer, Status.APPRAISAL_SCHEDULED)
    with pytest.raises(ValidationError) as exc:
        services.application_transition(application=application, to_status=Status.APPRAISED,
                                        actor=reviewer, as_staff=True, valuation_amount=Decimal("0"))
    assert "valuation_amount" in exc.value.message_dict


def test_applicant_cannot_make_staff_transitions_and_strangers_cannot_act(application, user, other_user):
    with pytest.raises(PermissionDenied):
        services.application_transition(application=application, to_status=Status.UNDER_REVIEW, actor=user,
                                        as_staff=True)
    with pytest.raises(ValidationError):
        services.application_transition(application=application, to_status=Status.UNDER_REVIEW, actor=user)
    with pytest.raises(PermissionDenied):
        services.application_withdraw(application=application, actor=other_user)


def test_internal_note_is_not_published(application, reviewer):
    advance(application, reviewer, Status.UNDER_REVIEW, internal_note="房龄存疑，需核对")
    event = Event.objects.filter(kind=events.APPLICATION_STATUS).last()
    assert "房龄存疑" not in repr(event.context)
    assert ApplicationEvent.objects.filter(internal_note="房龄存疑，需核对").exists()


def test_events_are_append_only(application):
    event = application.events.get()
    event.public_note = "changed"
    with pytest.raises(RuntimeError):
        event.save()
    with pytest.raises(RuntimeError):
        event.delete()


def test_quota_is_enforced(application, reviewer, open_round):
    open_round.quota = 0
    open_round.save()
    application = advance(application, reviewer, Status.UNDER_REVIEW, Status.APPRAISAL_SCHEDULED, Status.APPRAISED)
    with pytest.raises(ValidationError):
        advance(application, reviewer, Status.APPROVED)


def test_withdrawal_frees_the_round(application, user, open_round):
    services.application_withdraw(application=application, actor=user, note="")
    data = {"applicant_name": "张三丰", "id_number": VALID_ID, "phone": "13812345678",
            "old_home_address": "地址", "old_home_certificate_no": "X1", "old_home_area_m2": 60,
            "household_size": 2, "consent": True}
    again = services.application_submit_new(round_=open_round, applicant=user, data=data)
    assert again.status == Status.SUBMITTED


def test_reviewer_reminder_provider(application, reviewer):
    from apps.housing_swap.reminders import waiting_applications

    services.application_assign(application=application, reviewer=reviewer, actor=reviewer)
    assert waiting_applications(now=timezone.now()) is None
    later = timezone.now() + dt.timedelta(days=30)
    recipients, context, link = waiting_applications(now=later)
    assert recipients == [reviewer.pk] and context["count"] == 1 and link.startswith("/admin/")
