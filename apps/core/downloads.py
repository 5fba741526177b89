"""Files handed out by the portal (scans, exports, templates) are downloads, never pages.

``as_download`` is the one place for the headers (issue 18 item 14): ``Content-Disposition:
attachment`` (so the browser saves the file instead of rendering it on the portal's origin),
``Content-Security-Policy: sandbox`` with nothing allowed to load (should it be rendered
anyway, it runs no script, loads nothing and gets no origin, so it cannot read the portal's
cookies or pages, and no page may frame it), ``X-Content-Type-Options: nosniff`` (the declared type is the
type) and, for personal data, ``Cache-Control: no-store``. django-csp leaves a response's own
``Content-Security-Policy`` alone.
"""

from django.utils.cache import add_never_cache_headers
from django.utils.http import content_disposition_header

SANDBOX = "sandbox; default-src 'none'; script-src 'none'; object-src 'none'; frame-ancestors 'none'"


def as_download(response, *, filename: str, private: bool = False):
    """Mark ``response`` as a file to save under ``filename``; ``private`` (personal data)
    also forbids every cache from keeping it. Returns the response."""
    response["Content-Disposition"] = content_disposition_header(True, filename)
    response["Content-Security-Policy"] = SANDBOX
    response["X-Content-Type-Options"] = "nosniff"
    if private:
        add_never_cache_headers(response)
    return response
