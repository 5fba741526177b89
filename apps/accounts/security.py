"""Staff login security: lockout (django-axes), session lifetimes and two-factor (TOTP).

- Failed sign-ins to the admin are counted per account and per address (proxy-aware) by
  django-axes; a locked-out attempt is answered 429 with ``Retry-After``.
- Staff sessions end after ``STAFF_SESSION_IDLE_SECONDS`` without activity (30 minutes) and
  ``STAFF_SESSION_MAX_SECONDS`` after sign-in (12 hours), whatever the activity.
- Every staff account (issue 18 item 1) must confirm a TOTP code before any page, file or
  session-authenticated API call: until then it is sent to the two-factor page (pages) or
  refused with 403 (APIs). Enrolment needs the district administrator's invitation.
"""

import time

from axes.backends import AxesStandaloneBackend
from axes.handlers.database import AxesDatabaseHandler
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from . import services

REVEAL_PERMISSION = "housing_swap.reveal_personal_data"
_LOGIN_AT = "staff_login_at"
_LAST_SEEN = "staff_last_seen"


ADMIN_PREFIX = "/admin/"


def is_admin_request(request) -> bool:
    """Axes guards the staff sign-in only; the resident login (``/accounts/login/``) and the
    token API have their own lockout (apps/accounts/lockout.py) with their own limits."""
    return request is not None and getattr(request, "path", "").startswith(ADMIN_PREFIX)


class PortalAxesBackend(AxesStandaloneBackend):
    """Refuses a locked-out admin sign-in. Authentication without a request (tests'
    ``client.login``, management commands) or outside the admin is left to the other
    backends rather than counted or refused."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if not is_admin_request(request):
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)


class PortalAxesHandler(AxesDatabaseHandler):
    """django-axes' database handler, recording only admin sign-ins: a resident's failed
    logins must neither lock the admin nor be answered by axes instead of the portal's own
    lockout (``AXES_HANDLER``)."""

    def user_login_failed(self, sender, credentials, request=None, **kwargs):
        if not is_admin_request(request):
            return None
        return super().user_login_failed(sender, credentials, request, **kwargs)

    def user_logged_in(self, sender, request, user, **kwargs):
        if not is_admin_request(request):
            return None
        return super().user_logged_in(sender, request, user, **kwargs)

    def user_logged_out(self, sender, request, user, **kwargs):
        if not is_admin_request(request):
            return None
        return super().user_logged_out(sender, request, user, **kwargs)


def requires_two_factor(user) -> bool:
    return services.two_factor_required(user)


# What an unverified staff session may still reach: signing in and out, the two-factor page,
# password reset, the language switch, static files and the health checks.
_API_PREFIXES = ("/api/", "/open311/")


def _two_factor_exempt_prefixes() -> tuple[str, ...]:
    return (
        reverse("otp"), reverse("login"), reverse("logout"), "/accounts/password-reset/",
        "/admin/login/", "/admin/logout/", "/i18n/", settings.STATIC_URL or "/static/",
        "/healthz", "/api/ping",
    )


def two_factor_refusal(request) -> HttpResponse | None:
    """None when the request may go on; else the answer for a staff session that has not
    passed two-factor: 403 JSON on an API path, otherwise a redirect to the two-factor page."""
    user = getattr(request, "user", None)
    if user is None or not requires_two_factor(user) or user.is_verified():
        return None
    if request.path.startswith(_two_factor_exempt_prefixes()):
        return None
    if request.path.startswith(_API_PREFIXES):
        return JsonResponse({"detail": _("Staff accounts must confirm a two-factor code first.")}, status=403)
    return redirect(f"{reverse('otp')}?{urlencode({'next': request.get_full_path()})}")


def staff_session_expired(session, *, now: float) -> bool:
    """Record activity and say whether the staff session is past its idle or absolute limit."""
    login_at = session.setdefault(_LOGIN_AT, now)
    last_seen = session.get(_LAST_SEEN, now)
    expired = (
        now - last_seen > settings.STAFF_SESSION_IDLE_SECONDS
        or now - login_at > settings.STAFF_SESSION_MAX_SECONDS
    )
    session[_LAST_SEEN] = now
    return expired


class StaffSessionMiddleware:
    """Ends idle or too-old staff sessions, and keeps staff sessions that have not passed
    two-factor away from everything but the two-factor page. Place after OTPMiddleware."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if (user is not None and user.is_authenticated and user.is_staff
                and staff_session_expired(request.session, now=time.time())):
            logout(request)
            messages.info(request, _("Your staff session has ended. Please sign in again."))
            return redirect(f"{reverse('admin:login')}?next={request.path}")
        refusal = two_factor_refusal(request)
        if refusal is not None:
            return refusal
        return self.get_response(request)


def lockout_response(request, credentials=None, *args, **kwargs) -> HttpResponse:
    """What django-axes answers a locked-out sign-in with: 429 and Retry-After."""
    seconds = int(settings.AXES_COOLOFF_TIME.total_seconds())
    response = HttpResponse(
        _("Too many failed sign-in attempts. Please try again in %(minutes)d minutes.")
        % {"minutes": max(seconds // 60, 1)},
        status=429,
        content_type="text/plain; charset=utf-8",
    )
    response["Retry-After"] = str(seconds)
    return response
