"""Two-factor for every staff account, everywhere (issue 18 item 1).

Every ``is_staff`` account (and superuser) must confirm a code from a confirmed TOTP device
before any page, file or session-authenticated API call; the device is set up only with
the district administrator's invitation and after the password is typed again, through a
POST (nothing is created by looking at the page)."""

from io import StringIO

import pytest
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from apps.accounts import roles
from apps.accounts.models import SecurityEvent, TwoFactorInvitation
from tests.otp import OTP_PAGE, current_token, staff_device, staff_login

pytestmark = pytest.mark.django_db


def _code(device) -> str:
    return current_token(device)


def _fresh_code(device) -> str:
    """A code for an unconfirmed device shown as a QR code (the enrolling person's app)."""
    device.refresh_from_db()
    return f"{TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift).token():06d}"


# --- every staff path refuses a session without a verified device ----------------------

STAFF_PAGES = ["/admin/", "/admin/accounts/user/", "/admin/backoffice/bulkjob/", "/admin/housing_swap/application/",
               "/", "/notices/", "/housing-swap/applications/"]


@pytest.mark.parametrize("path", STAFF_PAGES)
def test_staff_session_without_second_factor_is_sent_to_the_two_factor_page(client, staff_user, path):
    staff_device(staff_user)  # enrolled, but this session has not given a code
    client.force_login(staff_user)
    response = client.get(path)
    assert response.status_code == 302
    assert response["Location"].startswith(f"{OTP_PAGE}?next=")


@pytest.mark.parametrize("path", ["/api/v1/notices/", "/api/v1/auth/tokens/", "/api/v1/housing-swap/applications/"])
def test_staff_api_calls_with_a_session_only_are_refused(client, staff_user, path):
    client.force_login(staff_user)
    response = client.get(path)
    assert response.status_code == 403
    assert "detail" in response.json()


def test_superuser_is_staff_too(client, superuser):
    client.force_login(superuser)
    assert client.get("/admin/")["Location"].startswith(OTP_PAGE)
    staff_login(client, superuser)
    assert client.get("/admin/").status_code == 200


def test_residents_are_not_asked_for_a_second_factor(client, user):
    client.force_login(user)
    assert client.get("/notices/").status_code == 200
    assert client.get(OTP_PAGE)["Location"] == "/"


def test_signing_in_at_the_portal_login_leads_staff_to_the_two_factor_step(client, staff_user, password):
    response = client.post("/accounts/login/?next=/admin/", {"username": staff_user.username, "password": password})
    assert response.status_code == 302
    assert response["Location"] == f"{OTP_PAGE}?next=%2Fadmin%2F"
    assert client.get("/admin/")["Location"].startswith(OTP_PAGE)


def test_resident_sign_in_goes_straight_on(client, user, password):
    response = client.post("/accounts/login/", {"username": user.username, "password": password})
    assert response.status_code == 302 and not response["Location"].startswith(OTP_PAGE)


def test_staff_login_helper_gives_a_verified_session_through_the_real_page(client, staff_user):
    staff_login(client, staff_user)
    device = TOTPDevice.objects.get(user=staff_user)
    assert client.session[DEVICE_ID_SESSION_KEY] == device.persistent_id
    assert client.get("/admin/").status_code == 200
    staff_login(client, staff_user)  # twice in the same 30 s: still works (replay guard reset)


def test_a_wrong_or_replayed_code_is_refused(client, staff_user):
    device = staff_device(staff_user)
    client.force_login(staff_user)
    wrong = client.post(OTP_PAGE, {"token": "000000", "next": "/admin/"})
    assert wrong.status_code == 400
    device.refresh_from_db()
    assert device.throttling_failure_count == 1  # django-otp slows guessing down
    token = _code(device)
    assert client.post(OTP_PAGE, {"token": token})["Location"] == "/admin/"
    other = client.__class__()
    other.force_login(staff_user)
    assert other.post(OTP_PAGE, {"token": token}).status_code == 400  # a code works once
    assert other.get("/admin/").status_code == 302


def test_two_factor_page_refuses_open_redirect(client, staff_user):
    device = staff_device(staff_user)
    client.force_login(staff_user)
    response = client.post(OTP_PAGE, {"token": _code(device), "next": "https://evil.example/"})
    assert response["Location"] == "/admin/"


# --- enrolment: by invitation only, after a password re-check, on a POST ----------------


def test_an_uninvited_staff_member_without_a_device_cannot_enrol(client, staff_user, password):
    client.force_login(staff_user)
    page = client.get(OTP_PAGE)
    assert page.status_code == 403
    assert "邀请" in page.content.decode()  # ask the district administrator for an invitation
    tried = client.post(OTP_PAGE, {"action": "enrol", "password": password})
    assert tried.status_code == 403
    assert not TOTPDevice.objects.filter(user=staff_user).exists()  # first-come enrolment is impossible


def test_looking_at_the_page_creates_no_device(client, staff_user):
    TwoFactorInvitation.objects.create(user=staff_user, expires="2999-01-01T00:00:00Z")
    client.force_login(staff_user)
    for _ in range(2):
        page = client.get(OTP_PAGE)
        assert page.status_code == 200 and "<svg" not in page.content.decode()
    assert not TOTPDevice.objects.exists()


def test_invited_enrolment_needs_the_password_again_then_a_code(client, staff_user, password):
    out = StringIO()
    call_command("invite_two_factor", staff_user.username, stdout=out)
    assert "invited" in out.getvalue()
    client.force_login(staff_user)
    wrong = client.post(f"{OTP_PAGE}?next=/admin/", {"action": "enrol", "password": "not-my-password"})
    assert wrong.status_code == 400 and not TOTPDevice.objects.exists()

    started = client.post(f"{OTP_PAGE}?next=/admin/", {"action": "enrol", "password": password})
    assert started.status_code == 302
    device = TOTPDevice.objects.get(user=staff_user)
    assert not device.confirmed
    page = client.get(started["Location"])
    assert page.status_code == 200 and "<svg" in page.content.decode()
    assert TOTPDevice.objects.count() == 1  # the GET made nothing new

    assert client.post(OTP_PAGE, {"action": "confirm", "token": "000000"}).status_code == 400
    device.throttle_reset()
    done = client.post(OTP_PAGE, {"action": "confirm", "token": _fresh_code(device), "next": "/admin/"})
    assert done.status_code == 302 and done["Location"] == "/admin/"
    device.refresh_from_db()
    assert device.confirmed
    assert client.get("/admin/").status_code == 200
    invitation = TwoFactorInvitation.objects.get(user=staff_user)
    assert invitation.used_at is not None
    assert set(SecurityEvent.objects.filter(subject=staff_user).values_list("action", flat=True)) >= {
        "two_factor_invited", "two_factor_enrolled"}
    # the invitation is used up: no second device without a new one
    other = client.__class__()
    other.force_login(staff_user)
    assert other.post(OTP_PAGE, {"action": "enrol", "password": password}).status_code == 200
    assert TOTPDevice.objects.filter(user=staff_user).count() == 1


def test_a_new_invitation_replaces_a_lost_device(client, staff_user, password):
    old = staff_device(staff_user)
    call_command("invite_two_factor", staff_user.username, stdout=StringIO())
    client.force_login(staff_user)
    assert client.post(OTP_PAGE, {"action": "enrol", "password": password}).status_code == 302
    new = TOTPDevice.objects.get(user=staff_user, confirmed=False)
    client.post(OTP_PAGE, {"action": "confirm", "token": _fresh_code(new)})
    assert list(TOTPDevice.objects.filter(user=staff_user)) == [new]
    assert not TOTPDevice.objects.filter(pk=old.pk).exists()


def test_password_rechecks_are_limited_like_sign_ins(client, staff_user, settings):
    settings.AUTH_FAILURE_LIMIT_PER_USER = 2
    call_command("invite_two_factor", staff_user.username, stdout=StringIO())
    client.force_login(staff_user)
    codes = [client.post(OTP_PAGE, {"action": "enrol", "password": f"guess-{i}"}).status_code for i in range(3)]
    assert codes == [400, 400, 429]


def test_invite_command_refuses_residents_and_unknown_names(user):
    with pytest.raises(CommandError):
        call_command("invite_two_factor", user.username, stdout=StringIO())
    with pytest.raises(CommandError):
        call_command("invite_two_factor", "nobody-here", stdout=StringIO())
    assert not TwoFactorInvitation.objects.exists()


def _staff(username, role):
    from django.contrib.auth import get_user_model

    roles.sync_roles()
    account = get_user_model().objects.create_user(username=username, password=None, is_staff=True)
    account.groups.add(Group.objects.get(name=role))
    return account


def test_the_district_administrator_invites_from_the_user_list(client):
    district_admin = _staff("district_admin", roles.DISTRICT_ADMIN)
    reviewer = _staff("new_reviewer", roles.HOUSING_SWAP_REVIEWER)
    staff_login(client, district_admin)
    response = client.post("/admin/accounts/user/", {"action": "invite_two_factor", "_selected_action": [reviewer.pk]})
    assert response.status_code == 302
    invitation = TwoFactorInvitation.objects.get(user=reviewer)
    assert invitation.invited_by == district_admin


def test_other_staff_cannot_invite(client):
    auditor = _staff("auditor_x", roles.AUDITOR)
    reviewer = _staff("new_reviewer", roles.HOUSING_SWAP_REVIEWER)
    staff_login(client, auditor)
    client.post("/admin/accounts/user/", {"action": "invite_two_factor", "_selected_action": [reviewer.pk]})
    assert not TwoFactorInvitation.objects.exists()


def test_two_factor_page_is_in_chinese_by_default(client, staff_user):
    staff_device(staff_user)
    client.force_login(staff_user)
    page = client.get(OTP_PAGE).content.decode()
    assert "双重身份验证" in page and "身份验证器" in page


def test_the_admin_never_shows_a_devices_key(client, superuser, staff_user):
    """``OTP_ADMIN_HIDE_SENSITIVE_DATA``: no key, QR code or configuration page in the admin,
    even for a superuser (only the owner saw the QR code once, while enrolling)."""
    device = staff_device(staff_user)
    staff_login(client, superuser)
    page = client.get(f"/admin/otp_totp/totpdevice/{device.pk}/change/")
    assert page.status_code == 200 and device.key not in page.content.decode()
    assert client.get(f"/admin/otp_totp/totpdevice/{device.pk}/config/").status_code == 403
    assert client.get(f"/admin/otp_totp/totpdevice/{device.pk}/qrcode/").status_code == 403


# --- the device admin: no device without an invitation (issue 18 item 1) ---------------

DEVICES = "/admin/otp_totp/totpdevice/"


def test_not_even_a_superuser_adds_a_device_in_the_admin(client, superuser, staff_user):
    """Enrolment goes only through the invitation and the password re-check: the admin's
    add page is closed, so nobody can give a staff member a device whose key they chose."""
    staff_login(client, superuser)
    assert client.get(f"{DEVICES}add/").status_code == 403
    posted = client.post(f"{DEVICES}add/", {
        "user": staff_user.pk, "name": "mine", "confirmed": "on", "key": "3132333435363738393031323334353637383930",
        "step": 30, "t0": 0, "digits": 6, "tolerance": 1, "drift": 0, "throttling_failure_count": 0})
    assert posted.status_code == 403
    assert not TOTPDevice.objects.filter(user=staff_user).exists()
    listed = client.get(DEVICES)
    assert listed.status_code == 200 and listed.context["has_add_permission"] is False


def test_a_device_is_read_only_in_the_admin(client, superuser, staff_user):
    device = staff_device(staff_user)
    staff_login(client, superuser)
    page = client.get(f"{DEVICES}{device.pk}/change/")
    assert page.status_code == 200 and page.context["has_change_permission"] is False
    key = device.key
    posted = client.post(f"{DEVICES}{device.pk}/change/", {
        "user": superuser.pk, "name": "taken", "confirmed": "on", "key": "3132333435363738393031323334353637383930",
        "step": 30, "t0": 0, "digits": 6, "tolerance": 1, "drift": 0, "throttling_failure_count": 0})
    assert posted.status_code == 403
    device.refresh_from_db()
    assert (device.user_id, device.key, device.name) == (staff_user.pk, key, "test")


def test_deleting_a_device_in_the_admin_is_audited(client, superuser, staff_user):
    device = staff_device(staff_user)
    other = staff_device(superuser)
    staff_login(client, superuser)
    assert client.post(f"{DEVICES}{device.pk}/delete/", {"post": "yes"}).status_code == 302
    assert not TOTPDevice.objects.filter(pk=device.pk).exists()
    event = SecurityEvent.objects.get(action="two_factor_device_deleted", subject=staff_user)
    assert event.actor == superuser
    # the change list's bulk delete too
    third = TOTPDevice.objects.create(user=staff_user, name="spare", confirmed=True)
    client.post(DEVICES, {"action": "delete_selected", "_selected_action": [third.pk], "post": "yes"})
    assert not TOTPDevice.objects.filter(pk=third.pk).exists()
    assert SecurityEvent.objects.filter(action="two_factor_device_deleted", subject=staff_user).count() == 2
    assert TOTPDevice.objects.filter(pk=other.pk).exists()
