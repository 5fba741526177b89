"""Journey 4: the senior-friendly mode and the language switch persist across pages.

Desktop variants are done with the keyboard only (Tab, Enter, arrow keys) and check that the
focus is visible at every stop; phone variants tap. Each variant starts in one language,
switches to the other with the header's switcher, turns senior mode on, walks through the
main navigation, and comes back in a fresh tab: both choices are still in force; then senior
mode is switched off again.
"""

import pytest

from tests.browser.helpers import path_of, screenshot, skip_to_main, tab_to

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

HTML_LANG = {"zh": "zh-Hans", "en": "en"}
LANGUAGE_OPTION = {"zh": "zh-hans", "en": "en"}
# Pages of the main navigation walked through after switching (whatever exists is walked;
# the foundation's pages always exist).
WALK = ["/projects/", "/coverage/", "/nearby/", "/canteens/", "/housing-swap/", "/"]

SENIOR_BUTTON = "form[action='/preferences/senior-mode/'] button[type=submit]"
LANGUAGE_SELECT = "#language-select"


def assert_state(page, lang: str, senior: bool) -> None:
    assert page.locator("html").get_attribute("lang") == HTML_LANG[lang], page.url
    classes = (page.locator("body").get_attribute("class") or "").split()
    assert ("senior" in classes) is senior, f"senior mode should be {senior} on {page.url}"
    pressed = page.locator(SENIOR_BUTTON).get_attribute("aria-pressed")
    assert pressed == ("true" if senior else "false"), page.url
    assert page.locator(LANGUAGE_SELECT).input_value() == LANGUAGE_OPTION[lang]


def nav_link(page, path: str):
    return page.locator(f"nav.site-nav a[href='{path}']")


def go_by_nav(page, path: str, keyboard: bool) -> None:
    """Follow the main navigation's link to ``path`` (keyboard: skip link is not used here,
    the navigation comes before <main>)."""
    if keyboard:
        page.evaluate("() => document.activeElement && document.activeElement.blur()")
        with page.expect_navigation():
            tab_to(page, f"nav.site-nav a[href='{path}']")
            page.keyboard.press("Enter")
    else:
        with page.expect_navigation():
            nav_link(page, path).tap()
    assert path_of(page).endswith(path)


def switch_language(page, to: str, keyboard: bool) -> None:
    if keyboard:
        page.evaluate("() => document.activeElement && document.activeElement.blur()")
        tab_to(page, LANGUAGE_SELECT)
        # One arrow press picks the other of the two languages; the page's script submits
        # the form on change (the Switch button is there for no-JS).
        with page.expect_navigation():
            page.keyboard.press("ArrowDown" if to == "en" else "ArrowUp")
    else:
        with page.expect_navigation():
            page.locator(LANGUAGE_SELECT).select_option(LANGUAGE_OPTION[to])


def toggle_senior(page, keyboard: bool) -> None:
    if keyboard:
        page.evaluate("() => document.activeElement && document.activeElement.blur()")
        with page.expect_navigation():
            tab_to(page, SENIOR_BUTTON)
            page.keyboard.press("Enter")
    else:
        with page.expect_navigation():
            page.locator(SENIOR_BUTTON).tap()


@pytest.mark.parametrize(
    ("start", "viewport"),
    [("zh", "desktop"), ("en", "desktop"), ("zh", "phone"), ("en", "phone")],
)
def test_senior_mode_and_language_persist_across_pages(open_context, live_server, start, viewport):
    other = "en" if start == "zh" else "zh"
    keyboard = viewport == "desktop"
    ctx = open_context(lang=start, viewport=viewport)
    page = ctx.new_page()

    page.goto("/")
    assert_state(page, start, senior=False)
    if keyboard:
        skip_to_main(page)

    switch_language(page, other, keyboard)
    assert path_of(page).endswith("/"), "the switcher returns to the page it was used on"
    assert_state(page, other, senior=False)

    toggle_senior(page, keyboard)
    assert path_of(page).endswith("/")
    assert_state(page, other, senior=True)

    walked = []
    for path in WALK:
        if path == "/" or nav_link(page, path).count() == 0:
            continue
        response = page.request.head(path)
        if response.status == 404:
            continue  # that feature has not landed yet
        go_by_nav(page, path, keyboard)
        assert_state(page, other, senior=True)
        walked.append(path)
    assert walked, "no page of the navigation could be walked"
    screenshot(page, f"journey4-senior-{walked[-1]}", other, viewport)

    # A new tab of the same browser (same cookies): still the chosen language and senior mode.
    second = ctx.new_page()
    second.goto("/accounts/login/")
    assert_state(second, other, senior=True)
    second.close()

    # ... and the way back: senior mode off, the original language again.
    toggle_senior(page, keyboard)
    assert_state(page, other, senior=False)
    switch_language(page, start, keyboard)
    assert_state(page, start, senior=False)
    go_by_nav(page, "/projects/", keyboard)
    assert_state(page, start, senior=False)


def test_preferences_work_without_javascript(open_context, live_server):
    """Without JavaScript the language form has its own submit button, and senior mode is a
    plain form: both still switch and persist."""
    ctx = open_context(lang="zh", javascript=False)
    page = ctx.new_page()
    page.goto("/projects/")
    assert_state(page, "zh", senior=False)
    page.locator(LANGUAGE_SELECT).select_option("en")
    switch_button = page.locator("form[action='/i18n/setlang/'] button[type=submit]")
    assert switch_button.is_visible(), "without JavaScript the Switch language button must show"
    with page.expect_navigation():
        switch_button.click()
    assert path_of(page).endswith("/projects/")
    assert_state(page, "en", senior=False)
    with page.expect_navigation():
        page.locator(SENIOR_BUTTON).click()
    assert_state(page, "en", senior=True)
    page.goto("/")
    assert_state(page, "en", senior=True)
