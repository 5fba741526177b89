"""Helpers for the browser tests: axe-core, keyboard-only navigation with visible focus,
screenshots."""

from __future__ import annotations

import functools
import re
from pathlib import Path

from django.conf import settings

ASSETS = Path(__file__).parent / "assets"
SCREENSHOTS = Path(settings.BASE_DIR) / "screenshots"

# Impacts that fail a page; "moderate" and "minor" are reported by axe but tolerated.
FAILING_IMPACTS = ("serious", "critical")


@functools.cache
def axe_source() -> str:
    """axe-core: the vendored copy in tests/browser/assets if present, else the copy shipped
    inside the pinned ``axe-playwright-python`` package."""
    vendored = ASSETS / "axe.min.js"
    if vendored.exists():
        return vendored.read_text(encoding="utf-8")
    import axe_playwright_python

    return (Path(axe_playwright_python.__file__).parent / "axe.min.js").read_text(encoding="utf-8")


def axe_violations(page, impacts=FAILING_IMPACTS) -> list[dict]:
    """Run axe-core on the page (injected via the DevTools protocol, so the page's CSP stays
    untouched) and return the violations of the given impacts."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.evaluate(axe_source())
    results = page.evaluate(
        """async () => {
            const r = await axe.run(document, {resultTypes: ["violations"]});
            return r.violations.map(v => ({
                id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.map(n => ({target: n.target.join(" "), html: n.html.slice(0, 200),
                                          summary: (n.failureSummary || "").slice(0, 300)}))
            }));
        }"""
    )
    return [v for v in results if v["impact"] in impacts]


def format_violations(violations: list[dict]) -> str:
    lines = []
    for v in violations:
        lines.append(f"{v['id']} ({v['impact']}): {v['help']}")
        for node in v["nodes"][:8]:
            lines.append(f"    at {node['target']}: {node['html']}")
            if node["summary"]:
                lines.append("      " + node["summary"].replace("\n", " | "))
        if len(v["nodes"]) > 8:
            lines.append(f"    ... and {len(v['nodes']) - 8} more")
    return "\n".join(lines)


def assert_accessible(page, label: str = "") -> None:
    violations = axe_violations(page)
    assert not violations, (
        f"axe: serious/critical violations on {label or page.url}:\n" + format_violations(violations)
    )


# --- keyboard --------------------------------------------------------------------------

_FOCUS_STATE = """() => {
    const el = document.activeElement;
    if (!el || el === document.body) return null;
    const style = getComputedStyle(el);
    const rect = el.getBoundingClientRect();
    return {
        tag: el.tagName.toLowerCase(),
        text: (el.innerText || el.value || el.getAttribute("aria-label") || el.name || "").trim().slice(0, 60),
        focusVisible: el.matches(":focus-visible"),
        outlineStyle: style.outlineStyle,
        outlineWidth: parseFloat(style.outlineWidth) || 0,
        boxShadow: style.boxShadow,
        visible: rect.width > 0 && rect.height > 0,
    };
}"""


def focus_state(page, selector: str | None = None) -> dict | None:
    state = page.evaluate(_FOCUS_STATE)
    if state is not None and selector is not None:
        state["matches"] = page.evaluate("s => document.activeElement.matches(s)", selector)
    return state


def _check_focus_visible(state: dict | None) -> None:
    assert state is not None, "nothing has the keyboard focus"
    indicator = (state["outlineStyle"] != "none" and state["outlineWidth"] >= 1) or (
        state["boxShadow"] not in ("", "none")
    )
    assert state["visible"] and indicator, f"focus is not visible on {state}"


def assert_focus_visible(page) -> None:
    """The focused element shows a focus indicator (an outline or a box shadow)."""
    _check_focus_visible(focus_state(page))


_TAB_STEP = _FOCUS_STATE.replace(
    "() => {", "(selector) => {", 1
).replace(
    "visible: rect.width > 0 && rect.height > 0,",
    "visible: rect.width > 0 && rect.height > 0, matches: el.matches(selector),",
)


def tab_to(page, selector: str, *, max_presses: int = 80, backwards: bool = False) -> None:
    """Press Tab (or Shift+Tab) until the focused element matches ``selector``; every element
    passed on the way must show its focus."""
    key = "Shift+Tab" if backwards else "Tab"
    seen = []
    for _ in range(max_presses):
        page.keyboard.press(key)
        state = page.evaluate(_TAB_STEP, selector)
        if state is not None:
            _check_focus_visible(state)
            if state["matches"]:
                return
        seen.append(state and f"{state['tag']}:{state['text']}")
    raise AssertionError(f"{selector!r} never got the keyboard focus; focus went through {seen}")


def assert_no_horizontal_scroll(page) -> None:
    """The page fits the screen's width (a phone user never scrolls the whole page sideways;
    wide tables scroll inside their own box). Compared with the configured viewport, since a
    mobile browser widens its layout viewport to fit content that overflows."""
    screen = page.viewport_size["width"]
    width, culprits = page.evaluate(
        """(screen) => [document.documentElement.scrollWidth,
            [...document.querySelectorAll('main *')]
              .filter(e => e.getBoundingClientRect().right > screen + 1 && !e.closest('.table-wrap')
                           && getComputedStyle(e).position !== 'absolute')
              .slice(0, 3)
              .map(e => e.tagName.toLowerCase() + (e.className ? '.' + e.className : '')
                        + (e.name ? '[name=' + e.name + ']' : ''))]""",
        screen,
    )
    assert width <= screen, f"the page is {width}px wide on a {screen}px screen; sticking out: {culprits}"


def skip_to_main(page) -> None:
    """From the top of a freshly loaded page: Tab to the skip link, Enter, focus is in <main>.
    A page that puts the focus into <main> itself (``autofocus``) is left as it is."""
    if page.evaluate(
        "() => document.activeElement && document.activeElement !== document.body"
        " && !!document.activeElement.closest('main')"
    ):
        assert_focus_visible(page)
        return
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.classList.contains('skip-link')"), (
        "the first Tab stop is not the skip link"
    )
    assert_focus_visible(page)
    page.keyboard.press("Enter")
    page.wait_for_function("() => document.activeElement && document.activeElement.id === 'main'")


def keyboard_fill(page, selector: str, text: str, **kwargs) -> None:
    """Tab to a field and type into it."""
    tab_to(page, selector, **kwargs)
    page.keyboard.press("Control+A")
    page.keyboard.press("Delete")
    if text:
        page.keyboard.insert_text(text)


def keyboard_activate(page, selector: str, key: str = "Enter", **kwargs) -> None:
    tab_to(page, selector, **kwargs)
    page.keyboard.press(key)


# --- screenshots -----------------------------------------------------------------------


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "home"


def screenshot(page, journey: str, lang: str, viewport: str) -> Path:
    """Write ``screenshots/<journey>-<lang>-<viewport>.png`` (the folder is git-ignored)."""
    SCREENSHOTS.mkdir(exist_ok=True)
    path = SCREENSHOTS / f"{slug(journey)}-{lang}-{viewport}.png"
    page.screenshot(path=str(path), full_page=True, animations="disabled", scale="css")
    return path


def fill_form(page, fields, *, keyboard: bool) -> None:
    """Fill fields in document order. ``fields``: (selector, kind, value) with kind ``text``,
    ``select`` (value of the option), ``check`` or ``file`` (a path or a Playwright file
    payload dict). With ``keyboard`` every field is reached with Tab (focus visible checked);
    text is typed, checkboxes toggled with Space; a select is set once it has the focus, and a
    file chooser (which no keyboard test can drive) gets its file once focused."""
    for selector, kind, value in fields:
        if keyboard:
            tab_to(page, selector)
            if kind == "text":
                page.keyboard.press("Control+A")
                page.keyboard.press("Delete")
                page.keyboard.insert_text(str(value))
            elif kind == "check":
                if page.locator(selector).is_checked() != bool(value):
                    page.keyboard.press("Space")
            elif kind == "select":
                page.locator(selector).select_option(str(value))
            elif kind == "file":
                page.locator(selector).set_input_files(value)
        else:
            locator = page.locator(selector)
            if kind == "text":
                locator.fill(str(value))
            elif kind == "check":
                locator.set_checked(bool(value))
            elif kind == "select":
                locator.select_option(str(value))
            elif kind == "file":
                locator.set_input_files(value)


def press(page, selector: str, *, keyboard: bool, navigates: bool = True) -> None:
    """Activate a button or link: Tab to it and Enter (keyboard), or tap it (touch screens),
    or click it."""
    def act():
        if keyboard:
            keyboard_activate(page, selector)
        elif page.evaluate("() => navigator.maxTouchPoints > 0"):
            page.locator(selector).tap()
        else:
            page.locator(selector).click()

    if navigates:
        with page.expect_navigation():
            act()
    else:
        act()


def path_of(page) -> str:
    """The page's path (the skip link leaves ``#main`` on URLs, redirects keep it)."""
    from urllib.parse import urlsplit

    return urlsplit(page.url).path
