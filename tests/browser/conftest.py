"""Browser fixtures: Debian's Chromium driven by Playwright (sync API) against pytest-django's
``live_server``.

- ``browser``: one headless Chromium for the session (skipped with the reason when Chromium or
  Playwright is missing, unless CI requires the ``browser`` service).
- ``open_context(lang=, viewport=, ...)``: a fresh context in Chinese or English (Accept-Language
  *and* the portal's language cookie), desktop (1280x800) or phone (390x844, touch, mobile),
  optionally with geolocation granted at a point, JavaScript off, or senior mode on. Every page
  of such a context records console errors, uncaught exceptions and any request to a host
  other than the live server (those requests are aborted); the test fails listing them.
- ``page``: a page of a default context (Chinese, desktop).

Helpers for tests live in ``tests/browser/helpers.py`` (axe, keyboard, focus, screenshots).
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import pytest

from tests import services

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]

LANGUAGES = {
    # name: (browser locale / Accept-Language, Django language code)
    "zh": ("zh-CN", "zh-hans"),
    "en": ("en-US", "en"),
}

VIEWPORTS = {
    "desktop": {"viewport": {"width": 1280, "height": 800}},
    "phone": {
        "viewport": {"width": 390, "height": 844},
        "device_scale_factor": 2,
        "is_mobile": True,
        "has_touch": True,
        "user_agent": (
            "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 "
            "(KHTML, like Gecko) Chrome/124.0.0.0 Mobile Safari/537.36"
        ),
    },
}

LANGUAGE_COOKIE = "portal_language"
SENIOR_COOKIE = "senior_mode"


def _browser_unavailable() -> str | None:
    """The skip reason, or ``None`` when the browser tests can (or must) run."""
    reason = services.missing_reason("browser")
    if reason and "browser" not in services.required_services():
        return reason
    return None


@pytest.fixture(scope="session")
def _playwright():
    reason = _browser_unavailable()
    if reason:
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    # The sync API keeps an asyncio loop in this thread; Django refuses ORM calls from a
    # thread with a running loop unless told it is safe (it is: the test drives both sides).
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            yield playwright
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture(scope="session")
def browser(_playwright):
    # launch() gives the browser a fresh temporary profile of its own.
    browser = _playwright.chromium.launch(
        executable_path=services.chromium_path(), headless=True, args=CHROMIUM_ARGS
    )
    yield browser
    browser.close()


@dataclass
class Problems:
    """What went wrong in the pages of one context, beyond what the test asserts."""

    origin: str
    console_errors: list[str] = field(default_factory=list)
    outside_requests: list[str] = field(default_factory=list)
    allowed: list[re.Pattern] = field(default_factory=list)

    def allow(self, pattern: str) -> None:
        """Accept console errors matching ``pattern`` (e.g. the 404 a test asks for)."""
        self.allowed.append(re.compile(pattern))

    def unexpected_console_errors(self) -> list[str]:
        return [e for e in self.console_errors if not any(p.search(e) for p in self.allowed)]

    def report(self) -> str:
        lines = []
        errors = self.unexpected_console_errors()
        if errors:
            lines.append("console errors:")
            lines += [f"  - {e}" for e in errors]
        if self.outside_requests:
            lines.append(f"requests to hosts other than {self.origin} (aborted):")
            lines += [f"  - {u}" for u in self.outside_requests]
        return "\n".join(lines)

    def assert_clean(self) -> None:
        report = self.report()
        assert not report, report

    def reset(self) -> None:
        self.console_errors.clear()
        self.outside_requests.clear()


def _same_origin(url: str, origin: str) -> bool:
    parts = urlsplit(url)
    if parts.scheme in ("data", "blob", "about", "chrome-error"):
        return True
    return f"{parts.scheme}://{parts.netloc}" == origin


def attach_recorders(context, problems: Problems) -> None:
    """Abort and record every request leaving the live server; record console errors."""

    def route(route_):
        url = route_.request.url
        if _same_origin(url, problems.origin):
            route_.continue_()
        else:
            problems.outside_requests.append(url)
            route_.abort("blockedbyclient")

    context.route(re.compile(r"^(https?|wss?)://"), route)

    def on_page(page):
        def on_console(message):
            if message.type == "error":
                location = message.location or {}
                where = location.get("url", "") or page.url
                problems.console_errors.append(f"{message.text} [{where}]")

        page.on("console", on_console)
        page.on("pageerror", lambda error: problems.console_errors.append(f"uncaught: {error} [{page.url}]"))

    context.on("page", on_page)


@dataclass
class ContextInfo:
    lang: str
    viewport: str
    problems: Problems
    context: object

    def new_page(self):
        return self.context.new_page()


@pytest.fixture
def open_context(browser, live_server):
    """Factory: ``open_context(lang="zh"|"en", viewport="desktop"|"phone", geolocation=(lat, lon),
    javascript=True, senior=False)`` -> ``ContextInfo``; problems are asserted at the end."""
    opened: list[ContextInfo] = []
    origin = live_server.url.rstrip("/")
    host = urlsplit(origin).hostname

    def factory(
        lang: str = "zh",
        viewport: str = "desktop",
        geolocation: tuple[float, float] | None = None,
        javascript: bool = True,
        senior: bool = False,
    ) -> ContextInfo:
        locale, django_language = LANGUAGES[lang]
        options = dict(VIEWPORTS[viewport])
        options.update(
            base_url=origin,
            locale=locale,
            timezone_id="Asia/Shanghai",
            java_script_enabled=javascript,
            service_workers="block",
        )
        if geolocation is not None:
            options["geolocation"] = {"latitude": geolocation[0], "longitude": geolocation[1]}
            options["permissions"] = ["geolocation"]
        context = browser.new_context(**options)
        context.set_default_timeout(15_000)
        context.set_default_navigation_timeout(20_000)
        cookies = [{"name": LANGUAGE_COOKIE, "value": django_language, "domain": host, "path": "/"}]
        if senior:
            cookies.append({"name": SENIOR_COOKIE, "value": "1", "domain": host, "path": "/"})
        context.add_cookies(cookies)
        problems = Problems(origin=origin)
        attach_recorders(context, problems)
        info = ContextInfo(lang=lang, viewport=viewport, problems=problems, context=context)
        opened.append(info)
        return info

    yield factory

    reports = []
    for info in opened:
        info.context.close()
        report = info.problems.report()
        if report:
            reports.append(f"[{info.lang}/{info.viewport}]\n{report}")
    if reports:
        pytest.fail("\n".join(reports), pytrace=False)


@pytest.fixture
def page(open_context):
    return open_context().new_page()


@pytest.fixture(scope="package", autouse=True)
def _sync_roles_once_per_flush():
    """Test-only speed-up: ``apps.accounts`` connects ``sync_roles`` to ``post_migrate`` for
    every app, so each flush of a transactional test runs it ~15 times (each run already
    covers every app). Run it once per flush instead: the database ends up the same. Package scope so that
    the last test's flush still sees it; restored when the browser tests are done."""
    from django.db.models.signals import post_migrate

    from apps.accounts.roles import sync_roles

    def once(sender, **kwargs):
        if sender.label == "accounts":
            sync_roles(sender=sender, **kwargs)

    removed = post_migrate.disconnect(dispatch_uid="accounts.sync_roles")
    if removed:
        post_migrate.connect(once, dispatch_uid="tests.browser.sync_roles_once", weak=False)
    yield
    if removed:
        post_migrate.disconnect(dispatch_uid="tests.browser.sync_roles_once")
        post_migrate.connect(sync_roles, dispatch_uid="accounts.sync_roles")
