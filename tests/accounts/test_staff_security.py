"""Staff login security (issue 7): admin lockout, session lifetimes (two-factor: test_two_factor.py)."""

import time

import pytest

from tests.otp import OTP_PAGE, current_token, staff_device, staff_login

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


def test_admin_lockout_is_per_account_whatever_the_address(client, staff_user, settings):
    settings.AXES_FAILURE_LIMIT = 3
    codes = [_fail(client, staff_user.username, REMOTE_ADDR=f"192.0.2.{i}").status_code for i in range(4)]
    assert codes == [200, 200, 429, 429]


def test_admin_lockout_per_address_does_not_lock_other_addresses(client, staff_user, password, settings):
    settings.AXES_FAILURE_LIMIT = 3
    assert [_fail(client, f"nobody{i}", REMOTE_ADDR="192.0.2.7").status_code for i in range(3)][-1] == 429
    ok = client.post(ADMIN_LOGIN, {"username": staff_user.username, "password": password}, REMOTE_ADDR="192.0.2.8")
    assert ok.status_code == 302


def test_behind_one_proxy_the_address_the_proxy_saw_counts(client, staff_user, password, settings):
    """DJANGO_NUM_PROXIES=1: the right-most X-Forwarded-For entry (added by our proxy) is the
    client; whatever the client put before it is ignored."""
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": 1}
    settings.AXES_FAILURE_LIMIT = 3
    proxy = {"REMOTE_ADDR": "10.0.0.1"}
    codes = [
        _fail(client, f"nobody{i}", HTTP_X_FORWARDED_FOR=f"198.51.100.{i}, 203.0.113.5", **proxy).status_code
        for i in range(4)
    ]
    assert codes[-1] == 429  # forged left-hand entries do not give fresh addresses
    other_client = client.post(ADMIN_LOGIN, {"username": staff_user.username, "password": password},
                               HTTP_X_FORWARDED_FOR="203.0.113.6", **proxy)
    assert other_client.status_code == 302  # another real client behind the same proxy


def test_resident_login_failures_use_the_portal_lockout_not_axes(client, staff_user, user, password, settings):
    from axes.models import AccessAttempt

    settings.AXES_FAILURE_LIMIT = 2
    settings.AUTH_FAILURE_LIMIT_PER_USER = 4
    codes = [
        client.post("/accounts/login/", {"username": user.username, "password": "wrong-password-x"}).status_code
        for _ in range(5)
    ]
    assert codes == [200, 200, 200, 200, 429]  # the portal's own limit (4), not axes' (2)
    locked = client.post("/accounts/login/", {"username": user.username, "password": password})
    assert locked.status_code == 429 and "text/html" in locked["Content-Type"]
    assert not AccessAttempt.objects.exists()  # nothing recorded for the admin lockout
    # the same address can still sign in to the admin: resident failures do not count there
    ok = client.post(ADMIN_LOGIN, {"username": staff_user.username, "password": password})
    assert ok.status_code == 302


def test_admin_failures_do_not_lock_the_resident_login(client, user, password, settings):
    settings.AXES_FAILURE_LIMIT = 2
    assert [_fail(client, user.username).status_code for _ in range(2)][-1] == 429
    response = client.post("/accounts/login/", {"username": user.username, "password": password})
    assert response.status_code == 302


def test_sync_roles_runs_once_per_migrate():
    from django.apps import apps
    from django.db.models.signals import post_migrate

    from apps.accounts.roles import sync_roles

    senders = [config.label for config in apps.get_app_configs()
               if sync_roles in post_migrate._live_receivers(config)[0]]
    assert senders == ["accounts"]


def test_successful_admin_login_resets_and_works(client, staff_user, password):
    _fail(client, staff_user.username)
    response = client.post(ADMIN_LOGIN, {"username": staff_user.username, "password": password})
    assert response.status_code == 302
    second_step = client.get("/admin/")  # the password alone opens nothing (issue 18 item 1)
    assert second_step.status_code == 302 and second_step["Location"].startswith(OTP_PAGE)
    token = current_token(staff_device(staff_user))
    assert client.post(OTP_PAGE, {"token": token, "next": "/admin/"})["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200


def _login_staff(client, user):
    staff_login(client, user)
    assert client.get("/admin/").status_code == 200


def test_staff_session_ends_after_30_minutes_idle(client, staff_user):
    _login_staff(client, staff_user)
    session = client.session
    session["session_last_seen"] = time.time() - 31 * 60
    session.save()
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")
    assert not client.get("/admin/").wsgi_request.user.is_authenticated


def test_staff_session_ends_after_12_hours_even_when_active(client, staff_user):
    _login_staff(client, staff_user)
    session = client.session
    session["session_login_at"] = time.time() - 12 * 3600 - 5
    session["session_last_seen"] = time.time() - 60
    session.save()
    assert client.get("/admin/").status_code == 302


def test_active_staff_session_continues(client, staff_user):
    _login_staff(client, staff_user)
    session = client.session
    session["session_last_seen"] = time.time() - 10 * 60
    session.save()
    assert client.get("/admin/").status_code == 200


def _age(client, *, since_login: float, idle: float) -> None:
    session = client.session
    session["session_login_at"] = time.time() - since_login
    session["session_last_seen"] = time.time() - idle
    session.save()


def _resident_login(client, user, password, *, shared: bool):
    data = {"username": user.username, "password": password, **({"shared_device": "1"} if shared else {})}
    response = client.post("/accounts/login/", data)
    assert response.status_code == 302
    return response


def test_resident_sessions_on_a_private_computer_are_not_cut_short_by_idling(client, user, password):
    _resident_login(client, user, password, shared=False)
    _age(client, since_login=3 * 3600, idle=3 * 3600)
    assert client.get("/notices/").status_code == 200


def test_resident_sessions_end_12_hours_after_sign_in(client, user, password):
    """Issue 18 item 7: 12 h absolute for residents too, however active."""
    _resident_login(client, user, password, shared=False)
    _age(client, since_login=12 * 3600 + 5, idle=10)
    response = client.get("/notices/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    assert not client.get("/").wsgi_request.user.is_authenticated


def test_shared_computer_sessions_end_after_30_minutes_idle(client, user, password):
    """Issue 18 item 7: "this is a shared computer" at sign-in: 30 min idle, and the cookie
    ends with the browser."""
    response = _resident_login(client, user, password, shared=True)
    cookie = response.cookies[settings_module().SESSION_COOKIE_NAME]
    assert not cookie["expires"] and not cookie["max-age"]  # a browser-session cookie
    _age(client, since_login=40 * 60, idle=20 * 60)
    assert client.get("/notices/").status_code == 200  # active: goes on
    _age(client, since_login=60 * 60, idle=31 * 60)
    response = client.get("/notices/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    assert not client.get("/").wsgi_request.user.is_authenticated


def test_the_login_page_offers_the_shared_computer_choice(client):
    page = client.get("/accounts/login/").content.decode()
    assert 'name="shared_device"' in page and "公用电脑" in page


def settings_module():
    from django.conf import settings

    return settings


def test_staff_login_messages_are_in_chinese_by_default(client, staff_user, settings):
    settings.AXES_FAILURE_LIMIT = 1
    locked = _fail(client, staff_user.username)
    assert locked.status_code == 429 and "登录失败次数过多" in locked.content.decode()
