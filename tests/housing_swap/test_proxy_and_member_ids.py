"""Issue 18 item 3, the identities behind separation of duties: the proxy's own resident ID
number is stored (encrypted, hashed, masked wherever shown, revealed only with a reason,
in the resident's data download and gone with retention), the HTML form asks household
members' ID numbers as the API does, and the conflict check compares what the portal knows
of a staff member with the application's owner, household members and proxy."""

import json
import zipfile
from io import BytesIO

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import connection

from apps.accounts import roles
from apps.housing_swap import services
from apps.housing_swap.models import Application, AuditLog, Status

from .conftest import staff_login
from .factories import make_id, payload

PROXY_ID = make_id(serial=811)
MEMBER_ID = make_id(serial=812)
ADMIN = "/admin/housing_swap/application/"


def _masked(number: str) -> str:
    return f"{number[:6]}********{number[-4:]}"


def _submit(round_, applicant, **overrides):
    data = payload(round_, **overrides)
    data.pop("round")
    return services.application_submit_new(round_=round_, applicant=applicant, data=data)


def _staff(username, role):
    person = get_user_model().objects.create_user(username=username, password=None, is_staff=True)
    person.groups.add(Group.objects.get(name=role))
    return person


@pytest.fixture
def proxy_application(user, open_round):
    return _submit(open_round, user, is_proxy=True, proxy_name="李四", proxy_relationship="女儿",
                   proxy_id_number=PROXY_ID.lower())


def test_the_proxy_id_number_is_stored_encrypted_and_hashed(proxy_application):
    proxy_application.refresh_from_db()
    assert proxy_application.proxy_id_number == PROXY_ID and proxy_application.proxy_id_number_hash
    with connection.cursor() as cursor:
        cursor.execute("SELECT proxy_id_number FROM housing_swap_application WHERE id = %s", [proxy_application.pk])
        raw = cursor.fetchone()[0]
    assert PROXY_ID not in raw and PROXY_ID[-4:] not in raw
    assert proxy_application.masked_proxy_id_number == _masked(PROXY_ID)


def test_a_proxy_application_needs_the_proxys_own_number(user, open_round):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as exc:
        _submit(open_round, user, is_proxy=True, proxy_relationship="儿子")
    assert "proxy_id_number" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        _submit(open_round, user, is_proxy=True, proxy_relationship="儿子", proxy_id_number="420104123")
    assert "proxy_id_number" in exc.value.message_dict


def test_staff_who_filed_as_proxy_from_another_account_cannot_handle_it(synced_roles, user, open_round):
    """The staff member filed for their mother from a resident account: the portal knows the
    staff member's number from a proxy application of their own staff account."""
    reviewer = _staff("reviewer_proxy", roles.HOUSING_SWAP_ADMIN)
    _submit(open_round, reviewer, is_proxy=True, proxy_relationship="儿子", proxy_id_number=PROXY_ID,
            id_number=make_id(serial=813))
    mothers = _submit(open_round, user, is_proxy=True, proxy_relationship="儿子", proxy_id_number=PROXY_ID,
                      id_number=make_id(serial=814))
    assert services.conflict(mothers, reviewer) == "proxy"
    with pytest.raises(Exception, match="proxy|代办"):
        services.application_transition(application=mothers, to_status=Status.UNDER_REVIEW, actor=reviewer,
                                        as_staff=True)
    mothers.refresh_from_db()
    assert mothers.status == Status.SUBMITTED


def test_staff_known_by_their_own_application_is_matched_as_proxy_and_member(synced_roles, user, other_user,
                                                                             open_round):
    reviewer = _staff("reviewer_owner", roles.HOUSING_SWAP_ADMIN)
    _submit(open_round, reviewer, id_number=MEMBER_ID)  # the portal knows the reviewer's number
    as_proxy = _submit(open_round, user, is_proxy=True, proxy_relationship="女儿", proxy_id_number=MEMBER_ID,
                       id_number=make_id(serial=815))
    as_member = _submit(open_round, other_user, id_number=make_id(serial=816), members=[
        {"name": "王五", "relationship": "儿子", "id_number": MEMBER_ID}])
    assert services.conflict(as_proxy, reviewer) == "proxy"
    assert services.conflict(as_member, reviewer) == "member"
    stranger = _staff("reviewer_stranger", roles.HOUSING_SWAP_ADMIN)
    assert services.conflict(as_proxy, stranger) is None and services.conflict(as_member, stranger) is None


def test_the_api_shows_the_proxy_number_masked(client_for, user, open_round):
    response = client_for(user).post("/api/v1/housing-swap/applications/", payload(
        open_round, is_proxy=True, proxy_relationship="女儿", proxy_id_number=PROXY_ID), format="json")
    assert response.status_code == 201, response.json()
    assert response.json()["proxy_id_number"] == _masked(PROXY_ID)
    listed = client_for(user).get("/api/v1/housing-swap/applications/")
    assert PROXY_ID not in listed.content.decode() and _masked(PROXY_ID) in listed.content.decode()


def test_admin_masks_the_proxy_number_and_reveals_it_only_with_a_reason(client, proxy_application, hsadmin):
    staff_login(client, hsadmin)
    page = client.get(f"{ADMIN}{proxy_application.pk}/change/").content.decode()
    assert PROXY_ID not in page and _masked(PROXY_ID) in page
    revealed = client.post(f"{ADMIN}{proxy_application.pk}/reveal/", {"reason": "核对代办人身份"})
    assert PROXY_ID in revealed.content.decode()
    entry = AuditLog.objects.get(action="reveal")
    assert entry.actor == hsadmin and "proxy_id_number" in entry.target and PROXY_ID not in entry.target


def test_the_residents_data_download_holds_the_proxy_number(client, user, password, proxy_application):
    client.force_login(user)
    response = client.post("/accounts/my-data/", {"password": password})
    assert response.status_code == 200, response.status_code
    archive = zipfile.ZipFile(BytesIO(b"".join(response.streaming_content)))
    (application,) = json.loads(archive.read("data.json"))["housing_swap"]
    assert application["proxy_id_number"] == PROXY_ID


def test_retention_clears_the_proxy_number(proxy_application, user, settings):
    import datetime as dt

    from django.utils import timezone

    services.application_withdraw(application=proxy_application, actor=user, note="")
    Application.objects.filter(pk=proxy_application.pk).update(
        status_changed_at=timezone.now() - dt.timedelta(days=400))
    assert services.applications_anonymise_expired() == 1
    proxy_application.refresh_from_db()
    assert proxy_application.proxy_id_number == "" and proxy_application.proxy_id_number_hash == ""


# --- the HTML form asks what the API takes ------------------------------------------------


@pytest.fixture
def draft(client, user, open_round):
    client.force_login(user)
    client.post("/housing-swap/apply/", {"round": open_round.pk, "proxy": "0"})
    return Application.objects.get(applicant=user)


def _household(client, draft, **members):
    return client.post(f"/housing-swap/applications/{draft.pk}/steps/household/", {
        "household_size": "3", "member_0_name": "李梅", "member_0_relationship": "配偶", "member_0_birth_year": "1962",
        "action": "next", **members}, HTTP_ACCEPT_LANGUAGE="en")


def test_the_household_step_asks_members_id_numbers_and_masks_saved_ones(client, draft):
    page = client.get(f"/housing-swap/applications/{draft.pk}/steps/household/").content.decode()
    assert 'name="member_0_id_number"' in page and "居民身份证号码（选填）" in page
    saved = _household(client, draft, member_0_id_number=MEMBER_ID)
    assert saved.status_code == 302
    member = draft.members.get()
    assert member.id_number == MEMBER_ID and member.id_number_hash
    again = client.get(f"/housing-swap/applications/{draft.pk}/steps/household/").content.decode()
    assert MEMBER_ID not in again and _masked(MEMBER_ID) in again
    # a blank number keeps the saved one; the review page shows it masked
    _household(client, draft)
    assert draft.members.get().id_number == MEMBER_ID
    review = client.get(f"/housing-swap/applications/{draft.pk}/steps/review/").content.decode()
    assert MEMBER_ID not in review and _masked(MEMBER_ID) in review


def test_a_bad_member_number_is_a_translated_error(client, draft):
    english = _household(client, draft, member_0_id_number="420104123")
    assert english.status_code == 200
    assert "Member 1: the resident ID number is not valid." in english.content.decode()
    chinese = client.post(f"/housing-swap/applications/{draft.pk}/steps/household/", {
        "household_size": "2", "member_0_name": "李梅", "member_0_relationship": "配偶",
        "member_0_id_number": "420104123", "action": "next"}, HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert "Member 1" not in chinese.content.decode() and "第 1 位成员" in chinese.content.decode()
    assert not draft.members.exists()


def test_the_applicant_step_asks_the_proxys_number(client, draft):
    url = f"/housing-swap/applications/{draft.pk}/steps/applicant/"
    assert 'name="proxy_id_number"' in client.get(url).content.decode()
    bad = client.post(url, {"is_proxy": "on", "proxy_relationship": "儿子", "proxy_id_number": "12345",
                            "action": "next"}, HTTP_ACCEPT_LANGUAGE="en")
    assert bad.status_code == 200 and "proxy_id_number" in bad.content.decode()
    client.post(url, {"is_proxy": "on", "proxy_relationship": "儿子", "proxy_id_number": PROXY_ID, "action": "next"})
    draft.refresh_from_db()
    assert draft.proxy_id_number == PROXY_ID
    page = client.get(url).content.decode()
    assert PROXY_ID not in page and _masked(PROXY_ID) in page
    client.post(url, {"is_proxy": "on", "proxy_relationship": "儿子", "proxy_id_number": "", "action": "next"})
    draft.refresh_from_db()
    assert draft.proxy_id_number == PROXY_ID  # blank keeps it
