"""A lockout by a stranger does not lock the owner out of a password reset (issue 18 item 11).

Someone guessing at an account locks its sign-in (per username, whatever the address), and
may ask for reset mails to its address until refused; the owner, from their own computer,
still gets the reset page's answer, uses a link that reached them, and signs in at once with
the new password (the reset ends the lockouts on the username)."""

import re

import pytest
from django.test import Client

from tests.otp import OTP_PAGE

pytestmark = pytest.mark.django_db

LOGIN = "/accounts/login/"
RESET = "/accounts/password-reset/"
NEW_PASSWORD = "Brand-New-Horse-Battery-7"
STRANGER = {"REMOTE_ADDR": "198.51.100.9"}
OWNER = {"REMOTE_ADDR": "203.0.113.20"}


def _reset_link(message) -> str:
    return re.search(r"/accounts/password-reset/[^/\s]+/[^/\s]+/", message.body).group(0)


def _set_new_password(client, link):
    form_page = client.get(link, **OWNER)
    assert form_page.status_code == 302  # Django moves the token into the session
    done = client.post(form_page["Location"], {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
                       **OWNER)
    assert done.status_code == 302 and done["Location"] == "/accounts/password-reset/complete/"


def test_a_strangers_lockout_does_not_keep_the_owner_from_a_reset(user, password, settings, mailoutbox):
    settings.AUTH_FAILURE_LIMIT_PER_USER = 3
    settings.PASSWORD_RESET_MAILS_PER_ADDRESS = 2
    stranger, owner = Client(), Client()
    for _ in range(3):
        stranger.post(LOGIN, {"username": user.username, "password": "a-guess"}, **STRANGER)
    assert owner.post(LOGIN, {"username": user.username, "password": password}, **OWNER).status_code == 429
    # the stranger asks for resets of the owner's address until refused
    codes = [stranger.post(RESET, {"email": user.email}, **STRANGER).status_code for _ in range(4)]
    assert codes == [302, 302, 302, 429]
    assert len(mailoutbox) == 2  # no more mail to the address than the cap

    # the owner is not refused, and a link that reached them works
    asked = owner.post(RESET, {"email": user.email}, **OWNER)
    assert asked.status_code == 302 and asked["Location"] == "/accounts/password-reset/sent/"
    assert len(mailoutbox) == 2
    _set_new_password(owner, _reset_link(mailoutbox[0]))
    signed_in = owner.post(LOGIN, {"username": user.username, "password": NEW_PASSWORD}, **OWNER)
    assert signed_in.status_code == 302  # the stranger's lockout ended with the reset


def test_the_owner_gets_a_fresh_mail_when_the_stranger_stayed_under_the_cap(user, settings, mailoutbox):
    settings.AUTH_FAILURE_LIMIT_PER_USER = 2
    stranger, owner = Client(), Client()
    assert [stranger.post(RESET, {"email": user.email}, **STRANGER).status_code for _ in range(3)] == [302, 302, 429]
    assert owner.post(RESET, {"email": user.email}, **OWNER).status_code == 302
    assert len(mailoutbox) == 3


def test_a_reset_also_ends_the_admin_lockout(staff_user, settings, mailoutbox):
    from axes.models import AccessAttempt

    settings.AXES_FAILURE_LIMIT = 2
    stranger, owner = Client(), Client()
    for _ in range(2):
        stranger.post("/admin/login/?next=/admin/", {"username": staff_user.username, "password": "x"}, **STRANGER)
    assert AccessAttempt.objects.filter(username=staff_user.username).exists()
    owner.post(RESET, {"email": staff_user.email}, **OWNER)
    _set_new_password(owner, _reset_link(mailoutbox[-1]))
    assert not AccessAttempt.objects.filter(username=staff_user.username).exists()
    response = owner.post("/admin/login/?next=/admin/", {"username": staff_user.username, "password": NEW_PASSWORD},
                          **OWNER)
    assert response.status_code == 302
    assert owner.get("/admin/")["Location"].startswith(OTP_PAGE)  # and on to the second factor
