"""Staff login security: lockout (django-axes), session lifetimes and two-factor (TOTP).

- Failed sign-ins to the admin are counted per account and per address (proxy-aware) by
  django-axes; a locked-out attempt is answered 429 with ``Retry-After``.
- Staff sessions end after ``STAFF_SESSION_IDLE_SECONDS`` without activity (30 minutes) and
  ``STAFF_SESSION_MAX_SECONDS`` after sign-in (12 hours), whatever the activity; residents'
  after ``RESIDENT_SESSION_MAX_SECONDS`` (12 hours), and after
  ``RESIDENT_SHARED_DEVICE_IDLE_SECONDS`` idle (30 minutes) when they said at sign-in that the
  computer is shared (the cookie then also ends with the browser).
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


# Session lifetimes (issue 7 for staff, issue 18 item 7 for residents). The times live in
# the session itself; the last activity is written at most once a minute (a write per
# request would cost every page a database query).
SESSION_LOGIN_AT = "session_login_at"
SESSION_LAST_SEEN = "session_last_seen"
SHARED_DEVICE = "shared_device"  # the resident ticked "this is a shared computer" at sign-in
_ACTIVITY_GRANULARITY = 60


def session_limits(session, user) -> tuple[int | None, int]:
    """(idle seconds or None, absolute seconds) for this signed-in session."""
    if user.is_staff:
        return settings.STAFF_SESSION_IDLE_SECONDS, settings.STAFF_SESSION_MAX_SECONDS
    idle = settings.RESIDENT_SHARED_DEVICE_IDLE_SECONDS if session.get(SHARED_DEVICE) else None
    return idle, settings.RESIDENT_SESSION_MAX_SECONDS


def session_expired(session, *, now: float, idle: int | None, maximum: int) -> bool:
    """Record activity and say whether the session is past its idle or absolute limit."""
    login_at = session.get(SESSION_LOGIN_AT)
    if login_at is None:
        session[SESSION_LOGIN_AT] = login_at = now
    if now - login_at > maximum:
        return True
    if idle is None:
        return False
    last_seen = session.get(SESSION_LAST_SEEN, now)
    if now - last_seen > idle:
        return True
    if SESSION_LAST_SEEN not in session or now - last_seen >= _ACTIVITY_GRANULARITY:
        session[SESSION_LAST_SEEN] = now
    return False


def session_started(sender, request, user, **kwargs) -> None:
    """``user_logged_in``: the session's clock starts at sign-in."""
    if request is not None and hasattr(request, "session"):
        now = time.time()
        request.session[SESSION_LOGIN_AT] = now
        request.session[SESSION_LAST_SEEN] = now


class StaffSessionMiddleware:
    """Ends sessions past their limits (staff: 30 minutes idle, 12 hours in all; residents:
    12 hours in all, and 30 minutes idle on a shared computer), and keeps staff sessions that
    have not passed two-factor away from everything but the two-factor page. Place after
    OTPMiddleware."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            idle, maximum = session_limits(request.session, user)
            if session_expired(request.session, now=time.time(), idle=idle, maximum=maximum):
                staff = user.is_staff
                logout(request)
                messages.info(request, _("Your staff session has ended. Please sign in again.") if staff
                              else _("Your session has ended. Please sign in again."))
                login_url = reverse("admin:login") if staff else reverse("login")
                return redirect(f"{login_url}?{urlencode({'next': request.get_full_path()})}")
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
