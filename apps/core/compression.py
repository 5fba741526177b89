"""HTML and JSON compressed by the portal itself (issue 19), for deployments without a proxy
that compresses.

``PublicGZipMiddleware`` is Django's ``GZipMiddleware`` restricted to what is safe from
BREACH-style attacks (a secret in a compressed body next to text an attacker controls, read
back through the body's length):

* only responses to requests that carry no credentials: no signed-in session user, no
  ``Authorization`` header. Their only secret is the CSRF token in forms, which Django masks
  afresh on every response (so its compressed length tells nothing), and Django's gzip adds
  random padding on top (Heal-The-BREACH). Pages of a signed-in person (their notices, their
  application with masked ID and phone numbers, the back office) and token API calls are
  sent uncompressed; a TLS proxy in front may decide otherwise for them;
* only text types (HTML, JSON, XML, CSS/JS, plain text); static files are compressed ahead
  of time by WhiteNoise (``CompressedManifestStaticFilesStorage``) and images not at all.

It sits right below ``SecurityMiddleware`` in ``MIDDLEWARE``, above every middleware that
reads or changes a response body, so it compresses the final body.
"""

from django.conf import settings
from django.middleware.gzip import GZipMiddleware

COMPRESSIBLE = ("text/html", "application/json", "application/geo+json", "application/problem+json",
                "application/xml", "text/xml", "text/plain", "text/css", "text/javascript",
                "application/javascript", "application/vnd.oai.openapi")


def carries_credentials(request) -> bool:
    """True when the request may be made as somebody: an Authorization header or a session
    cookie. The cookie alone decides (not ``request.user``), so answering never loads the
    session or the user: a page answered while the database is down stays the guard's 503."""
    return bool(request.META.get("HTTP_AUTHORIZATION") or request.COOKIES.get(settings.SESSION_COOKIE_NAME))


class PublicGZipMiddleware(GZipMiddleware):
    def process_response(self, request, response):
        content_type = response.get("Content-Type", "").split(";")[0].strip().lower()
        if content_type not in COMPRESSIBLE or carries_credentials(request):
            return response
        return super().process_response(request, response)
