"""Staff login security (issue 7): admin lockout, session lifetimes, TOTP for data revealers."""

import time

import pytest
from django.contrib.auth.models import Permission
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

pytestmark = pytest.mark.django_db

ADMIN_LOGIN = "/admin/login/?next=/admin/"


def _fail(client, username, **extra):
    return client.post(ADMIN_LOGIN, {"username": username, "password": "wrong-password-x"}, **extra)


def test_admin_login_locks_out_after_repeated_failures_with_429(client, staff_user, password, settings):
    settings.AXES_FAILURE_LIMIT = 3
    assert [_fail(client, staff_user.username).status_code for _ in range(2)] == [200, 200]
    locked = _fail(client, staff_user.username)
    assert locked.status_code == 429
    assert int(locked["Retry-After"]) > 0
    # even the right password is refused while locked
    right = client.post(ADMIN_LOGIN, {"username": staff_user.username, "password": password})
    assert right.status_code == 429


def test_forged_forwarded_for_does_not_bypass_the_address_lockout(client, staff_user, settings):
    settings.AXES_FAILURE_LIMIT = 3
    codes = [
        _fail(client, f"nobody{i}", HTTP_X_FORWARDED_FOR=f"10.0.0.{i}").status_code for i in range(4)
    ]
    assert codes[-1] == 429  # same REMOTE_ADDR, different usernames and forged headers


def test_successful_admin_login_resets_and_works(client, staff_user, password):
    _fail(client, staff_user.username)
    response = client.post(ADMIN_LOGIN, {"username": staff_user.username, "password": password})
    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200


def _login_staff(client, user):
    client.force_login(user)
    assert client.get("/admin/").status_code == 200


def test_staff_session_ends_after_30_minutes_idle(client, staff_user):
    _login_staff(client, staff_user)
    session = client.session
    session["staff_last_seen"] = time.time() - 31 * 60
    session.save()
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")
    assert not client.get("/admin/").wsgi_request.user.is_authenticated


def test_staff_session_ends_after_12_hours_even_when_active(client, staff_user):
    _login_staff(client, staff_user)
    session = client.session
    session["staff_login_at"] = time.time() - 12 * 3600 - 5
    session["staff_last_seen"] = time.time() - 60
    session.save()
    assert client.get("/admin/").status_code == 302


def test_active_staff_session_continues(client, staff_user):
    _login_staff(client, staff_user)
    session = client.session
    session["staff_last_seen"] = time.time() - 10 * 60
    session.save()
    assert client.get("/admin/").status_code == 200


def test_resident_sessions_are_not_cut_short(client, user):
    client.force_login(user)
    session = client.session
    session["staff_last_seen"] = time.time() - 3 * 3600
    session.save()
    assert client.get("/").wsgi_request.user.is_authenticated


@pytest.fixture
def revealer(staff_user):
    staff_user.user_permissions.add(
        Permission.objects.get(content_type__app_label="housing_swap", codename="reveal_personal_data")
    )
    return staff_user


def test_data_revealer_must_enrol_and_confirm_totp_before_the_admin(client, revealer):
    client.force_login(revealer)
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/two-factor/")
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert "<svg" in page.content.decode()  # enrolment QR code
    device = TOTPDevice.objects.get(user=revealer)
    assert not device.confirmed

    wrong = client.post("/accounts/two-factor/", {"token": "000000", "next": "/admin/"})
    assert wrong.status_code == 400
    device.refresh_from_db()
    assert device.throttling_failure_count == 1  # django-otp slows down guessing
    device.throttle_reset()  # (the resident would wait a second before retrying)
    token = f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"
    ok = client.post("/accounts/two-factor/", {"token": token, "next": "/admin/"})
    assert ok.status_code == 302 and ok["Location"] == "/admin/"
    device.refresh_from_db()
    assert device.confirmed
    assert client.get("/admin/").status_code == 200


def test_two_factor_is_optional_for_other_staff(client, staff_user):
    _login_staff(client, staff_user)


def test_two_factor_page_refuses_open_redirect(client, revealer):
    client.force_login(revealer)
    client.get("/accounts/two-factor/")
    device = TOTPDevice.objects.get(user=revealer)
    token = f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"
    response = client.post("/accounts/two-factor/", {"token": token, "next": "https://evil.example/"})
    assert response["Location"] == "/admin/"
