"""Journey 2: a resident registers and follows a project; a sub-district official signs in to
the admin and posts a progress update; the resident sees the in-app notice and its unread
count, and the email lands in the file backend.

The resident works with the keyboard only on desktop (Tab/Enter, visible focus checked at
every stop) and by touch on a phone. The official uses the Django admin on a desktop.
"""

import email
import re

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from apps.accounts import roles
from tests.browser import data
from tests.browser.helpers import (
    assert_accessible,
    keyboard_activate,
    keyboard_fill,
    path_of,
    screenshot,
    skip_to_main,
)
from tests.otp import browser_two_factor, staff_device

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "Qiaokou-Browser-2024!"

VARIANTS = [("zh", "desktop"), ("en", "desktop"), ("zh", "phone"), ("en", "phone")]


def make_official(world):
    official = get_user_model().objects.create_user(
        username="official_hz", password=PASSWORD, email="official@example.com", is_staff=True
    )
    official.groups.add(Group.objects.get(name=roles.OFFICIAL))
    official.sub_districts.add(world.sub_district)
    staff_device(official)  # staff sign in with a second factor (issue 18 item 1)
    return official


def register(page, username: str, email_address: str, keyboard: bool) -> None:
    page.goto("/accounts/register/")
    if keyboard:
        skip_to_main(page)
        keyboard_fill(page, "input[name=username]", username)
        keyboard_fill(page, "input[name=email]", email_address)
        keyboard_fill(page, "input[name=password]", PASSWORD)
        with page.expect_navigation():
            keyboard_activate(page, "main button[type=submit]")
    else:
        page.locator("input[name=username]").fill(username)
        page.locator("input[name=email]").fill(email_address)
        page.locator("input[name=password]").fill(PASSWORD)
        with page.expect_navigation():
            page.locator("main button[type=submit]").tap()
    assert page.locator(f"form[action='/accounts/logout/'] button:has-text('{username}')").count() == 1, (
        "the new resident is signed in after registering"
    )


def verify_email(page, mail_dir, address: str) -> None:
    """The resident proves the address theirs (issue 18 item 8: email notices go only to a
    verified address): a code is sent, read from the email, typed in. The code's email is
    removed, so the journey's email count is of notices only."""
    page.goto("/notices/verify/")
    with page.expect_navigation():
        page.locator("form:has(input[name=channel][value=email]):has(input[name=action][value=send]) button").click()
    codes = []
    for path in mail_dir.glob("*.log"):
        raw = path.read_text(encoding="utf-8")
        for part in raw.split("-" * 79):
            message = email.message_from_string(part) if part.strip() else None
            if message and address in (message["To"] or ""):
                codes += re.findall(r"\b(\d{6})\b", message.get_payload(decode=True).decode("utf-8"))
        path.unlink()
    assert len(codes) == 1, f"one code expected in the email to {address}, found {codes}"
    page.locator("#code-email").fill(codes[0])
    with page.expect_navigation():
        page.locator("form:has(input[name=action][value=confirm]) button[type=submit]").click()
    assert page.locator("form:has(input[name=channel][value=email])").count() == 0, "the email is verified"


def follow(page, project, keyboard: bool) -> None:
    page.goto(project.get_absolute_url())
    button = f"form[action='/projects/{project.pk}/follow/'] button[type=submit]"
    if keyboard:
        skip_to_main(page)
        with page.expect_navigation():
            keyboard_activate(page, button)
    else:
        with page.expect_navigation():
            page.locator(button).tap()
    assert page.locator(f"form[action='/projects/{project.pk}/follow/'] input[name=action]").input_value() == (
        "unfollow"
    ), "the project page shows that the resident follows it"
    assert page.locator(".messages").count() == 1


def post_progress_in_admin(ctx, project, note: str) -> None:
    page = ctx.new_page()
    page.goto(f"/admin/projects/project/{project.pk}/change/")
    assert "/admin/login/" in page.url
    page.locator("#id_username").fill("official_hz")
    page.locator("#id_password").fill(PASSWORD)
    with page.expect_navigation():
        page.locator("input[type=submit]").click()
    browser_two_factor(page, get_user_model().objects.get(username="official_hz"))  # staff: a code too
    assert path_of(page).endswith(f"/admin/projects/project/{project.pk}/change/"), page.url
    # The progress-update inline: "Add another ..." (the admin's own script adds the form).
    page.locator("#updates-group .add-row a").click()
    page.locator("textarea[name='updates-0-note']").fill(note)
    page.locator("textarea[name='updates-0-note_en']").fill("Fifteen lifts installed")
    page.locator("input[name='updates-0-achieved_quantity']").fill("15")
    with page.expect_navigation():
        page.locator("input[name=_save]").click()
    errors = page.locator(".errornote, .errorlist").all_inner_texts()
    assert not errors, f"the admin refused the update: {errors}"
    page.close()


@pytest.mark.parametrize(("lang", "viewport"), VARIANTS, ids=[f"{lang}-{vp}" for lang, vp in VARIANTS])
def test_follow_project_and_get_progress_notice(open_context, live_server, settings, tmp_path, lang, viewport):
    settings.EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    settings.EMAIL_FILE_PATH = str(tmp_path / "mail")
    world = data.world("projects")
    project = world.projects["lift"]
    make_official(world)
    keyboard = viewport == "desktop"
    username = f"resident_{lang}_{viewport}"
    address = f"{username}@example.com"

    resident = open_context(lang=lang, viewport=viewport)
    page = resident.new_page()
    register(page, username, address, keyboard)
    verify_email(page, tmp_path / "mail", address)
    follow(page, project, keyboard)
    page.goto("/")
    assert page.locator(".site-header .badge").count() == 0, "no unread notice yet"

    official = open_context(lang=lang, viewport="desktop")
    note = "已安装15部电梯" if lang == "zh" else "15 lifts in service"
    post_progress_in_admin(official, project, note)
    assert list(project.updates.values_list("note", flat=True)) == [note]

    # The resident: the badge in the header shows one unread notice ...
    page.reload()
    badge = page.locator(".site-header .badge")
    assert badge.inner_text().strip() == "1"
    assert "1" in (badge.get_attribute("aria-label") or "")
    # ... and the inbox lists it, linking to the project.
    if keyboard:
        skip_to_main(page)  # focus in main, then back to the header link with Shift+Tab
        with page.expect_navigation():
            keyboard_activate(page, ".site-header a[href='/notices/']", backwards=True)
    else:
        with page.expect_navigation():
            page.locator(".site-header a[href='/notices/']").tap()
    assert path_of(page).endswith("/notices/")
    notices = page.locator(".notices-list li")
    assert notices.count() == 1
    assert notices.first.locator("a").get_attribute("href") == project.get_absolute_url()
    assert notices.first.locator(".tag").count() == 1, "the notice is marked unread"
    assert_accessible(page, f"/notices/ ({lang}, {viewport})")
    screenshot(page, "journey2-notices", lang, viewport)

    # Reading it clears the count.
    mark = notices.first.locator("form button[type=submit]")
    if keyboard:
        skip_to_main(page)
        with page.expect_navigation():
            keyboard_activate(page, ".notices-list li form button[type=submit]")
    else:
        with page.expect_navigation():
            mark.tap()
    assert page.locator(".site-header .badge").count() == 0

    # Exactly one email, to the resident, about this project.
    files = list((tmp_path / "mail").glob("*.log"))
    messages = []
    for path in files:
        raw = path.read_text(encoding="utf-8")
        messages += [email.message_from_string(part) for part in raw.split("-" * 79) if part.strip()]
    to_resident = [m for m in messages if address in (m["To"] or "")]
    assert len(to_resident) == 1, f"expected one email to {address}, got {len(to_resident)} ({len(messages)} in all)"
    body = to_resident[0].get_payload(decode=True).decode("utf-8")
    assert project.get_absolute_url() in body
