"""Shared fragments: what every visitor of a public page or list API sees alike, cached under
a key of the request (language, host, query) and the versions of the namespaces it reads
(``versions``). Per-visitor content (CSRF tokens, the signed-in user's name, unread-notice
counts, follow buttons) lives outside the cached fragments, in the page around them."""

import hashlib
import re
from collections.abc import Callable, Iterable

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone, translation

from .versions import FRAGMENT_TIMEOUT, versions_and_entry


def request_key(request, name: str, *, extra: Iterable[str] = ()) -> str:
    """The cache key of ``name`` for this request's language, scheme and host, sorted query
    parameters (and ``Accept`` for APIs)."""
    query = sorted((k, v) for k in request.GET for v in request.GET.getlist(k))
    parts = [
        name,
        translation.get_language() or "",
        request.scheme,
        request.get_host(),
        repr(query),
        request.headers.get("Accept", "") if name.startswith("api:") else "",
        *extra,
    ]
    digest = hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:40]
    return f"fragment:{name}:{digest}"


def cached(request, name: str, namespaces: Iterable[str], build: Callable, *, per_minute: bool = True,
           extra: Iterable[str] = (), timeout: int = FRAGMENT_TIMEOUT):
    """``build()``'s value for this request (see :func:`request_key`), from the cache when it
    was built from the current versions of ``namespaces`` (and, with ``per_minute``, in the
    current minute: lists say what is open now), else built and stored with them.
    ``build()`` must return something picklable, not None, holding no per-visitor data.

    When only the minute has moved on (the data has not changed), one process rebuilds and
    the others serve the previous minute's copy meanwhile, so a busy page is not rebuilt by
    every worker at once at each full minute. A data change is never served stale."""
    key = request_key(request, name, extra=extra)
    minute = timezone.localtime().strftime("%Y%m%d%H%M") if per_minute else ""
    versions, entry = versions_and_entry(namespaces, key)
    rebuilding = None
    if entry is not None:
        built_in, value = entry
        if built_in == minute:
            return value
        rebuilding = f"{key}:rebuilding"
        if not cache.add(rebuilding, 1, timeout=30):
            return value  # another process is rebuilding it
    value = build()
    cache.set(key, (versions, (minute, value)), timeout)
    if rebuilding:
        cache.delete(rebuilding)
    return value


_CSRF_INPUT = re.compile(r'<input type="hidden" name="csrfmiddlewaretoken" value="[^"]*">')
_CSRF_PLACEHOLDER = "\x00csrf-token\x00"


def _sessionless(request) -> bool:
    """A visitor with no session and no pending messages: the page around the fragment
    is then the same for all of them, except for the CSRF tokens of the header's forms."""
    cookies = request.COOKIES
    return settings.SESSION_COOKIE_NAME not in cookies and "messages" not in cookies


def cached_page(request, *, name: str, namespaces: Iterable[str], build: Callable, template: str,
                shared: bool = True, per_minute: bool = True, page_context: Callable | None = None):
    """Render ``template`` (the page: base layout, per-visitor header) around a cached content
    fragment. ``build()`` returns ``(fragment_template, context, status)``; the fragment is
    rendered from it once per key and reused. ``shared=False`` (a signed-in visitor on a page
    whose fragment would show their own state) renders without the cache. The page template
    gets ``fragment`` (the HTML) and ``fragment_title``.

    For visitors without a session (most anonymous traffic) the whole page is cached too,
    keyed also by path and senior mode, with its CSRF tokens cut out: each response gets
    fresh tokens of its own (and the CSRF cookie, as with an ordinary render).

    ``page_context()`` (optional) gives the page template more context, per visitor, outside
    the fragment (a facility's "follow" form); it is called only when the fragment was built
    without error."""
    from django.http import HttpResponse
    from django.middleware.csrf import get_token
    from django.shortcuts import render
    from django.template.loader import render_to_string
    from django.utils.safestring import mark_safe

    def make() -> dict:
        fragment_template, context, status = build()
        return {
            "html": render_to_string(fragment_template, context, request=request),
            "title": str(context.get("page_title", "")),
            "status": status,
        }

    def page() -> HttpResponse:
        fragment = cached(request, f"fragment:{name}", namespaces, make, per_minute=per_minute) if shared else make()
        return render(request, template, {
            "fragment": mark_safe(fragment["html"]),
            "fragment_title": fragment["title"],
            **(page_context() if page_context is not None and fragment["status"] == 200 else {}),
        }, status=fragment["status"])

    if not (shared and _sessionless(request)):
        return page()

    def whole_page():
        response = page()
        content = response.content.decode(response.charset)
        return _CSRF_INPUT.sub(_CSRF_PLACEHOLDER, content), response.status_code, response["Content-Type"]

    content, status, content_type = cached(
        request, f"page:{name}", namespaces, whole_page, per_minute=per_minute,
        extra=(request.path, request.COOKIES.get("senior_mode", "")),
    )
    if _CSRF_PLACEHOLDER in content:
        token = get_token(request)  # also sends the CSRF cookie, as the template tag would
        content = content.replace(
            _CSRF_PLACEHOLDER, f'<input type="hidden" name="csrfmiddlewaretoken" value="{token}">'
        )
    return HttpResponse(content, status=status, content_type=content_type)


class _NotCacheable(Exception):
    def __init__(self, response):
        self.response = response


def cached_api_get(view, request, name: str, namespaces: Iterable[str], respond: Callable):
    """A read-only DRF list: the rendered JSON body of a 200 response for this language, host,
    query and ``Accept`` header is cached and served without touching the database.
    ``respond()`` is the view's normal GET handling (a DRF ``Response``); anything but a 200
    (a 400 for a bad filter) is returned as it is and not cached."""
    from django.http import HttpResponse

    def make():
        response = view.finalize_response(request, respond())
        response.render()
        renderer = getattr(response, "accepted_renderer", None)
        if response.status_code != 200 or getattr(renderer, "format", "") != "json":
            # errors, and the browsable API's HTML (it shows the user and a CSRF token)
            raise _NotCacheable(response)
        headers = {h: response[h] for h in ("Content-Type", "Allow", "Vary") if h in response}
        return response.content, headers

    try:
        content, headers = cached(request, f"api:{name}", namespaces, make)
    except _NotCacheable as answer:
        return answer.response
    response = HttpResponse(content)
    for header, value in headers.items():
        response[header] = value
    return response
