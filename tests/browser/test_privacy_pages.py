"""The resident's own-data pages on a phone (issue 18 items 8 and 13): proving an email
address with the one-time code (a wrong code first, then the one from the email), downloading
one's data (a wrong password first, then the zip) and closing the account (the confirmation
asked for first). Each page is checked with axe and for horizontal scrolling on a 390 px
screen, in Chinese and in English, by touch."""

import email
import json
import re
import zipfile

import pytest
from django.contrib.auth import get_user_model

from apps.accounts.models import SecurityEvent
from tests.browser.helpers import assert_accessible, assert_no_horizontal_scroll, path_of, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "Qiaokou-Privacy-2024!"
LANGS = ["zh", "en"]


def make_resident(username: str):
    return get_user_model().objects.create_user(
        username=username, password=PASSWORD, email=f"{username}@example.com", phone="13912345678")


def sign_in(page, username: str) -> None:
    page.goto("/accounts/login/")
    page.locator("input[name=username]").fill(username)
    page.locator("input[name=password]").fill(PASSWORD)
    with page.expect_navigation():
        page.locator("main form button[type=submit]").tap()
    assert page.locator(f"form[action='/accounts/logout/'] button:has-text('{username}')").count() == 1


def check_page(page, label: str, lang: str) -> None:
    assert_accessible(page, label)
    assert_no_horizontal_scroll(page)
    screenshot(page, f"privacy-{label}", lang, "phone")


def codes_sent_to(mail_dir, address: str) -> list[str]:
    codes = []
    for path in mail_dir.glob("*.log"):
        for part in path.read_text(encoding="utf-8").split("-" * 79):
            message = email.message_from_string(part) if part.strip() else None
            if message and address in (message["To"] or ""):
                codes += re.findall(r"\b(\d{6})\b", message.get_payload(decode=True).decode("utf-8"))
    return codes


@pytest.mark.parametrize("lang", LANGS)
def test_verify_an_email_address_with_the_code_on_a_phone(open_context, live_server, settings, tmp_path, lang):
    settings.EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    settings.EMAIL_FILE_PATH = str(tmp_path / "mail")
    username = f"verify_{lang}"
    make_resident(username)
    ctx = open_context(lang=lang, viewport="phone")
    page = ctx.new_page()
    sign_in(page, username)

    page.goto("/notices/verify/")
    check_page(page, "verify", lang)
    send = "form:has(input[name=channel][value=email]):has(input[name=action][value=send]) button"
    with page.expect_navigation():
        page.locator(send).tap()
    (code,) = codes_sent_to(tmp_path / "mail", f"{username}@example.com")
    code_field = page.locator("#code-email")
    assert code_field.get_attribute("autocomplete") == "one-time-code"
    assert code_field.get_attribute("inputmode") == "numeric"
    check_page(page, "verify-code", lang)

    confirm = "form:has(input[name=channel][value=email]):has(input[name=action][value=confirm]) button"
    code_field.fill(f"{(int(code) + 1) % 1_000_000:06d}")
    with page.expect_navigation():
        page.locator(confirm).tap()
    ctx.problems.allow(r"status of 400")  # the refused code is answered 400, as it should be
    alert = page.locator("section[aria-labelledby=verify-email] [role=alert]")
    assert alert.count() == 1 and alert.inner_text().strip(), "a wrong code is explained next to the field"
    check_page(page, "verify-wrong-code", lang)

    page.locator("#code-email").fill(code)
    with page.expect_navigation():
        page.locator(confirm).tap()
    assert path_of(page).endswith("/notices/verify/")
    assert page.locator("form:has(input[name=channel][value=email])").count() == 0, "the email is verified"
    assert page.locator(".messages").count() == 1
    check_page(page, "verified", lang)


@pytest.mark.parametrize("lang", LANGS)
def test_download_my_data_on_a_phone(open_context, live_server, tmp_path, lang):
    username = f"download_{lang}"
    resident = make_resident(username)
    ctx = open_context(lang=lang, viewport="phone")
    page = ctx.new_page()
    sign_in(page, username)

    page.goto("/accounts/my-data/")
    check_page(page, "my-data", lang)
    page.locator("input[name=password]").fill("not-the-password-1")
    with page.expect_navigation():
        page.locator("main form button[type=submit]").tap()
    ctx.problems.allow(r"status of 400")
    assert page.locator("main [role=alert]").count() >= 1, "a wrong password is said so"
    check_page(page, "my-data-wrong-password", lang)

    page.locator("input[name=password]").fill(PASSWORD)
    with page.expect_download() as download_info:
        page.locator("main form button[type=submit]").tap()
    download = download_info.value
    assert download.suggested_filename.startswith("qiaokou-my-data-") and download.suggested_filename.endswith(".zip")
    saved = tmp_path / download.suggested_filename
    download.save_as(saved)
    with zipfile.ZipFile(saved) as archive:
        data = json.loads(archive.read("data.json"))
    assert data["account"]["username"] == username and data["account"]["phone"] == "13912345678"
    assert SecurityEvent.objects.filter(subject=resident, action="personal_data_downloaded").count() == 1


@pytest.mark.parametrize("lang", LANGS)
def test_close_my_account_on_a_phone(open_context, live_server, lang):
    username = f"close_{lang}"
    resident = make_resident(username)
    ctx = open_context(lang=lang, viewport="phone")
    page = ctx.new_page()
    sign_in(page, username)

    page.goto("/accounts/delete/")
    check_page(page, "close-account", lang)
    page.locator("input[name=password]").fill(PASSWORD)
    with page.expect_navigation():
        page.locator("main form button[type=submit]").tap()  # without ticking the confirmation
    ctx.problems.allow(r"status of 400")
    assert page.locator("main [role=alert]").count() >= 1, "the missing confirmation is said so"
    resident.refresh_from_db()
    assert resident.is_active
    check_page(page, "close-account-unconfirmed", lang)

    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("input[name=confirm]").tap()
    with page.expect_navigation():
        page.locator("main form button[type=submit]").tap()
    assert path_of(page).endswith("/accounts/deleted/")
    check_page(page, "account-closed", lang)
    resident.refresh_from_db()
    assert not resident.is_active and not resident.email and not resident.phone
    # signed out: the own-data pages ask for a sign-in again
    page.goto("/accounts/my-data/")
    assert "/accounts/login/" in page.url
