"""Email and phone verified by a one-time code before notices go to them (issue 18 item 8)."""

import datetime as dt
import re

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone
from rest_framework.test import APIClient

from apps.accounts.models import SecurityEvent
from apps.notices import events
from apps.notices.models import Channel, ContactCodeSent, ContactVerification, Notice, NoticeStatus
from apps.notices.selectors import contact_verified
from apps.notices.services import event_publish, notices_deliver
from apps.notices.sms import LocalSMSBackend
from tests.factories import UserFactory, verify_contacts

from .factories import set_pref

pytestmark = pytest.mark.django_db

VERIFY = "/api/v1/notices/verification/"


@pytest.fixture(autouse=True)
def _proof_for_every_channel(settings):
    """These tests run the strict deployment: email and SMS both need a proved address."""
    settings.NOTICES_VERIFIED_CHANNELS = ["email", "sms"]


def test_by_default_sms_needs_a_proof_and_email_does_not(resident, settings):
    """CONTRACT §4: a follower gets email "when they have an address"; SMS goes only to a
    proved number unless NOTICES_VERIFIED_CHANNELS says otherwise."""
    del settings.NOTICES_VERIFIED_CHANNELS
    set_pref(resident, Channel.SMS, "immediately")
    assert resident.email and resident.phone
    assert channels_of(resident, publish([resident.pk])) == ["email", "in_app"]
    assert contact_verified(resident, "email") and not contact_verified(resident, "sms")
CONFIRM = "/api/v1/notices/verification/confirm/"


def publish(recipients):
    return event_publish(kind=events.PROJECT_PROGRESS, subject="projects.project:1", recipients=recipients,
                         context={"title": "老旧小区改造", "title_en": "Old estate renewal", "percent": 45.0},
                         link="/projects/1/")


def channels_of(user, event):
    return sorted(Notice.objects.filter(recipient=user, event=event).values_list("channel", flat=True))


def last_code_by_email() -> str:
    return re.search(r"\b(\d{6})\b", mail.outbox[-1].body).group(1)


def last_code_by_sms(path) -> str:
    return re.search(r"\b(\d{6})\b", LocalSMSBackend(path).messages()[-1]["text"]).group(1)


@pytest.fixture
def resident():
    user = UserFactory(phone="13912345678", contacts_verified=False)
    set_pref(user, Channel.SMS, "immediately")
    return user


@pytest.fixture
def api(resident):
    client = APIClient()
    client.force_authenticate(resident)
    return client


def test_an_unverified_account_gets_in_app_notices_only(resident):
    """Existing and new accounts start unverified: in-app only, whatever they chose."""
    verified = UserFactory(phone="13912345679")
    set_pref(verified, Channel.SMS, "immediately")
    event = publish([resident.pk, verified.pk])
    assert channels_of(resident, event) == ["in_app"]
    assert channels_of(verified, event) == ["email", "in_app", "sms"]


def test_email_code_verifies_the_address_and_notices_follow(api, resident):
    status = api.get(VERIFY).json()
    assert status["email"] == {"has_address": True, "verified": False, "code_pending": False, "code_expires_at": None}
    response = api.post(VERIFY, {"channel": "email"}, format="json")
    assert response.status_code == 202, response.content
    assert response.json()["email"]["code_pending"] is True
    assert mail.outbox[-1].to == [resident.email]
    code = last_code_by_email()

    row = ContactVerification.objects.get(user=resident, channel="email")
    assert row.code_hash and code not in row.code_hash and row.verified_at is None  # only a keyed hash

    wrong = "000000" if code != "000000" else "111111"
    response = api.post(CONFIRM, {"channel": "email", "code": wrong}, format="json")
    assert response.status_code == 400 and "code" in response.json()
    response = api.post(CONFIRM, {"channel": "email", "code": code}, format="json")
    assert response.status_code == 200, response.content
    assert response.json()["email"]["verified"] is True
    assert contact_verified(resident, "email") and not contact_verified(resident, "sms")
    preferences = api.get("/api/v1/notices/preferences/").json()
    assert (preferences["email_verified"], preferences["sms_verified"]) == (True, False)

    event = publish([resident.pk])
    assert channels_of(resident, event) == ["email", "in_app"]
    actions = list(SecurityEvent.objects.filter(subject=resident).values_list("action", "detail"))
    assert ("contact_code_sent", "email") in actions and ("contact_verified", "email") in actions
    assert not any(code in detail for _action, detail in actions)


def test_sms_code_goes_through_the_sms_backend(api, resident, _sms_file):
    assert api.post(VERIFY, {"channel": "sms"}, format="json").status_code == 202
    message = LocalSMSBackend(_sms_file).messages()[-1]
    assert message["to"] == resident.phone and message["reference"].startswith("verify-")
    code = last_code_by_sms(_sms_file)
    assert api.post(CONFIRM, {"channel": "sms", "code": f" {code[:3]} {code[3:]} "}, format="json").status_code == 200
    assert contact_verified(resident, "sms")
    event = publish([resident.pk])
    assert channels_of(resident, event) == ["in_app", "sms"]
    # asking again for a verified address is refused, with a reason
    response = api.post(VERIFY, {"channel": "sms"}, format="json")
    assert response.status_code == 400 and "channel" in response.json()


def test_an_expired_code_is_refused(api, resident):
    api.post(VERIFY, {"channel": "email"}, format="json")
    code = last_code_by_email()
    ContactVerification.objects.filter(user=resident).update(code_expires_at=timezone.now() - dt.timedelta(seconds=1))
    response = api.post(CONFIRM, {"channel": "email", "code": code}, format="json", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert "expired" in response.json()["code"][0]
    assert not contact_verified(resident, "email")


def test_too_many_wrong_codes_void_the_code(api, resident, settings):
    settings.NOTICES_VERIFY_MAX_ATTEMPTS = 3
    api.post(VERIFY, {"channel": "email"}, format="json")
    code = last_code_by_email()
    wrong = "000000" if code != "000000" else "111111"
    messages = [api.post(CONFIRM, {"channel": "email", "code": wrong}, format="json", HTTP_ACCEPT_LANGUAGE="en")
                .json()["code"][0] for _ in range(3)]
    assert "2 tries left" in messages[0] and "Too many wrong codes" in messages[2]
    # the right code no longer works: a new one must be asked for
    assert api.post(CONFIRM, {"channel": "email", "code": code}, format="json").status_code == 400
    assert not contact_verified(resident, "email")
    assert SecurityEvent.objects.filter(subject=resident, action="contact_code_void").count() == 1


def test_changing_the_address_unverifies_it(resident):
    verify_contacts([resident.pk])
    resident.refresh_from_db()
    assert contact_verified(resident, "email") and contact_verified(resident, "sms")
    event = publish([resident.pk])  # made while verified, not yet sent
    resident.email = "new-address@example.com"
    resident.phone = "13700000000"
    resident.save()
    assert not contact_verified(resident, "email") and not contact_verified(resident, "sms")
    assert channels_of(resident, publish([resident.pk])) == ["in_app"]
    # what was made for the old address is not sent to the new, unverified one
    pending = list(Notice.objects.filter(event=event, channel__in=["email", "sms"]).values_list("pk", flat=True))
    Notice.objects.filter(pk__in=pending).update(status=NoticeStatus.CREATED)
    notices_deliver(notice_ids=pending)
    assert set(Notice.objects.filter(pk__in=pending).values_list("status", "last_error")) == {
        (NoticeStatus.FAILED_PERMANENT, "the recipient's address is not verified")}
    assert not any("new-address@example.com" in m.to for m in mail.outbox)


def test_codes_are_limited_per_account(api, resident, settings):
    settings.NOTICES_VERIFY_RESEND_SECONDS = 60
    assert api.post(VERIFY, {"channel": "email"}, format="json").status_code == 202
    response = api.post(VERIFY, {"channel": "email"}, format="json")
    assert response.status_code == 429 and int(response["Retry-After"]) >= 1
    assert response.json()["detail"]
    settings.NOTICES_VERIFY_RESEND_SECONDS = 0
    settings.NOTICES_VERIFY_MAX_PER_ACCOUNT = 3
    assert api.post(VERIFY, {"channel": "sms"}, format="json").status_code == 202
    assert api.post(VERIFY, {"channel": "email"}, format="json").status_code == 202
    response = api.post(VERIFY, {"channel": "sms"}, format="json")
    assert response.status_code == 429
    assert len(mail.outbox) == 2
    # the window passes: codes may be asked for again
    ContactCodeSent.objects.update(sent_at=timezone.now() - dt.timedelta(hours=2))
    assert api.post(VERIFY, {"channel": "sms"}, format="json").status_code == 202


def test_codes_are_limited_per_address_across_accounts(settings):
    """Someone registering accounts to bomb one address or number gets nowhere."""
    settings.NOTICES_VERIFY_RESEND_SECONDS = 0
    settings.NOTICES_VERIFY_MAX_PER_ADDRESS = 2
    statuses = []
    for i in range(3):
        user = UserFactory(username=f"bomber{i}", email="Victim@example.com", contacts_verified=False)
        client = APIClient()
        client.force_authenticate(user)
        statuses.append(client.post(VERIFY, {"channel": "email"}, format="json").status_code)
    assert statuses == [202, 202, 429]
    assert len(mail.outbox) == 2


def test_no_address_or_bad_channel_is_a_clear_400():
    user = UserFactory(email="", contacts_verified=False)
    client = APIClient()
    client.force_authenticate(user)
    response = client.post(VERIFY, {"channel": "sms"}, format="json", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400 and "mobile phone number" in response.json()["channel"][0]
    assert client.post(VERIFY, {"channel": "in_app"}, format="json").status_code == 400
    assert client.post(CONFIRM, {"channel": "email"}, format="json").status_code == 400
    assert APIClient().post(VERIFY, {"channel": "email"}, format="json").status_code in (401, 403)


def test_the_page_sends_and_checks_codes(resident, _sms_file):
    client = Client()
    assert client.get("/notices/verify/").status_code == 302  # sign in first
    client.force_login(resident)
    page = client.get("/notices/verify/", HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == 200 and "Not verified yet" in page.content.decode()
    assert "139****5678" in page.content.decode() and resident.phone not in page.content.decode()
    assert client.post("/notices/verify/", {"channel": "sms", "action": "send"}).status_code == 302
    again = client.post("/notices/verify/", {"channel": "sms", "action": "send"})
    assert again.status_code == 429
    wrong = client.post("/notices/verify/", {"channel": "sms", "action": "confirm", "code": "12"})
    assert wrong.status_code == 400
    code = last_code_by_sms(_sms_file)
    done = client.post("/notices/verify/", {"channel": "sms", "action": "confirm", "code": code})
    assert done.status_code == 302 and contact_verified(resident, "sms")
    assert client.post("/notices/verify/", {"channel": "fax", "action": "send"}).status_code == 400
    preferences = client.get("/notices/preferences/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "/notices/verify/" in preferences  # email is still unverified: the page says where to go
