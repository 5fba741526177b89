"""The API documentation (Swagger UI, served locally by drf-spectacular-sidecar) loads in a
real browser under the portal's Content-Security-Policy: no violation, no request elsewhere,
and the operations of the schema are rendered."""

import re
from urllib.parse import urlsplit

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__cspViolations.push(e.violatedDirective + " " + (e.blockedURI || "inline") + " " + e.sourceFile);
});
"""


def test_api_docs_load_without_csp_violation(browser, live_server):
    """Uses the browser package's one Chromium (Playwright's sync API allows one per process)."""
    origin = live_server.url.rstrip("/")
    errors, outside = [], []
    context = browser.new_context(locale="en-US")
    try:
        def route(route_):
            parts = urlsplit(route_.request.url)
            if f"{parts.scheme}://{parts.netloc}" == origin:
                route_.continue_()
            else:
                outside.append(route_.request.url)
                route_.abort("blockedbyclient")

        context.route(re.compile(r"^(https?|wss?)://"), route)
        context.add_init_script(RECORD_VIOLATIONS)
        page = context.new_page()
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: errors.append(f"uncaught: {e}"))
        response = page.goto(f"{origin}/api/docs/")
        assert response.status == 200
        # Swagger UI fetched /api/schema/ and rendered its operations
        page.wait_for_selector(".opblock-summary-path", timeout=60_000)
        assert page.locator(".opblock").count() > 10
        violations = page.evaluate("() => window.__cspViolations")
    finally:
        context.close()
    assert violations == []
    assert not [e for e in errors if "Content Security Policy" in e or "uncaught" in e], errors
    assert outside == []
