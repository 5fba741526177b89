"""Sign-in, token and password-reset answers do not reveal whether an account exists: the
same status and message, and the same work (a password hash) for unknown usernames."""

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.test import Client

from .hashers import CountingHasher

pytestmark = pytest.mark.django_db


@pytest.fixture
def counting(settings):
    settings.PASSWORD_HASHERS = ["tests.security.hashers.CountingHasher"]
    settings.AXES_ENABLED = False
    CountingHasher.calls = 0
    return CountingHasher


@pytest.fixture
def known(counting):
    return get_user_model().objects.create_user(username="known", password="Right-Password-2024",
                                                email="known@example.com")


def _error_text(response) -> str:
    html = response.content.decode()
    start = html.index('class="errorlist"')
    return html[start:html.index("</div>", start)]


def test_token_answers_unknown_and_wrong_password_alike(known, counting):
    client = Client()
    counting.calls = 0
    wrong = client.post("/api/v1/auth/token/", {"username": "known", "password": "Wrong-Password-1"},
                        content_type="application/json")
    wrong_hashes = counting.calls
    counting.calls = 0
    unknown = client.post("/api/v1/auth/token/", {"username": "nobody", "password": "Wrong-Password-1"},
                          content_type="application/json")
    assert wrong.status_code == unknown.status_code == 400
    assert wrong.json() == unknown.json()
    assert wrong_hashes == counting.calls == 1, "the hasher runs for unknown usernames too"


def test_login_page_answers_unknown_and_wrong_password_alike(known, counting):
    client = Client()
    counting.calls = 0
    wrong = client.post("/accounts/login/", {"username": "known", "password": "Wrong-Password-1"})
    wrong_hashes = counting.calls
    counting.calls = 0
    unknown = client.post("/accounts/login/", {"username": "nobody", "password": "Wrong-Password-1"})
    assert wrong.status_code == unknown.status_code == 200
    assert _error_text(wrong) == _error_text(unknown)
    assert wrong_hashes == counting.calls == 1


def test_inactive_account_looks_like_a_wrong_password(known, counting):
    known.is_active = False
    known.save()
    client = Client()
    inactive = client.post("/accounts/login/", {"username": "known", "password": "Right-Password-2024"})
    unknown = client.post("/accounts/login/", {"username": "nobody", "password": "Right-Password-2024"})
    assert _error_text(inactive) == _error_text(unknown)


def test_password_reset_answers_alike_and_mails_only_the_owner(known, counting):
    client = Client()
    for_known = client.post("/accounts/password-reset/", {"email": "known@example.com"})
    for_unknown = client.post("/accounts/password-reset/", {"email": "nobody@example.com"})
    assert for_known.status_code == for_unknown.status_code == 302
    assert for_known["Location"] == for_unknown["Location"] == "/accounts/password-reset/sent/"
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["known@example.com"]
    done = client.get(for_known["Location"])
    assert "如果您输入的邮箱属于某个账户" in done.content.decode()


def test_password_reset_link_sets_a_new_password(known, counting):
    client = Client()
    client.post("/accounts/password-reset/", {"email": "known@example.com"}, HTTP_ACCEPT_LANGUAGE="en")
    body = mail.outbox[0].body
    link = next(line for line in body.splitlines() if "/accounts/password-reset/" in line)
    path = link.split("://", 1)[1].split("/", 1)[1]
    form = client.get("/" + path, follow=True)
    assert form.status_code == 200
    set_url = form.redirect_chain[-1][0]
    done = client.post(set_url, {"new_password1": "Brand-New-Pass-2024", "new_password2": "Brand-New-Pass-2024"})
    assert done.status_code == 302
    known.refresh_from_db()
    assert known.check_password("Brand-New-Pass-2024")
    weak = client.post("/accounts/password-reset/", {"email": "known@example.com"})
    assert weak.status_code == 302


def test_register_reports_a_taken_username_as_the_contract_requires(known):
    response = Client().post("/api/v1/auth/register/", {"username": "KNOWN", "password": "Hankou-River-2024"},
                             content_type="application/json")
    assert response.status_code == 400 and "username" in response.json()


def test_passwords_are_argon2_with_length_ten(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.Argon2PasswordHasher"]
    response = Client().post("/api/v1/auth/register/", {"username": "argon", "password": "Short-9x"},
                             content_type="application/json", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400 and "at least 10" in " ".join(response.json()["password"])
    ok = Client().post("/api/v1/auth/register/", {"username": "argon", "password": "Long-enough-10"},
                       content_type="application/json")
    assert ok.status_code == 201
    assert get_user_model().objects.get(username="argon").password.startswith("argon2$")
