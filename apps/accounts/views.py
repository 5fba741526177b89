from axes.utils import reset as axes_reset
from django.conf import settings
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse, reverse_lazy
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from . import lockout, services
from .api import client_ip
from .forms import RegisterForm
from .security import SHARED_DEVICE


@require_http_methods(["GET", "POST"])
def register(request):
    form = RegisterForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = form.save(language=getattr(request, "LANGUAGE_CODE", ""))
        if user is not None:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            return redirect("/")
    return render(request, "accounts/register.html", {"form": form}, status=400 if form.errors else 200)


def locked_out_response(request, message: str = "") -> HttpResponse:
    """429 page for too many failed sign-ins (same limits as the token API)."""
    response = HttpResponse(
        render_to_string(
            "errors/problem.html",
            {
                "title": _("Too many attempts"),
                "message": message or _("Too many failed sign-in attempts. Please try again later."),
                "status": 429,
            },
            request=request,
        ),
        status=429,
    )
    response["Retry-After"] = str(settings.AUTH_FAILURE_WINDOW_SECONDS)
    return response


class LoginView(auth_views.LoginView):
    """Django's login page with the token API's failure lockout: after too many failed
    attempts for a username, or from an address (``NUM_PROXIES``-aware), 429 with
    ``Retry-After``. The error message never says whether the account exists, and Django's
    ModelBackend runs the password hasher for unknown usernames too."""

    template_name = "accounts/login.html"

    def get_context_data(self, **kwargs):
        # Django's LoginView sets site_name to the Sites/host name; the portal has its own.
        context = super().get_context_data(**kwargs)
        context["site_name"] = settings.PORTAL_SITE_NAME
        return context

    def _username(self) -> str:
        return str(self.request.POST.get("username", ""))[:150]

    def post(self, request, *args, **kwargs):
        if lockout.failures_exceeded(username=self._username(), ip=client_ip(request)):
            return locked_out_response(request)
        return super().post(request, *args, **kwargs)

    def form_invalid(self, form):
        lockout.failure_record(username=self._username(), ip=client_ip(self.request))
        return super().form_invalid(form)

    def form_valid(self, form):
        lockout.failures_clear(username=self._username())
        response = super().form_valid(form)
        if self.request.POST.get("shared_device"):
            # issue 18 item 7: on a shared computer the session ends after 30 minutes idle
            # (apps/accounts/security.py) and its cookie when the browser closes
            self.request.session[SHARED_DEVICE] = True
            self.request.session.set_expiry(0)
        return response

    def get_success_url(self):
        # staff go through the two-factor step before any page (issue 18 item 1)
        url = super().get_success_url()
        if services.two_factor_required(self.request.user):
            return f"{reverse('otp')}?{urlencode({'next': url})}"
        return url


class PasswordResetView(auth_views.PasswordResetView):
    """Always the same answer (the "done" page), whether or not the address is known."""

    template_name = "accounts/password_reset_form.html"
    email_template_name = "accounts/password_reset_email.txt"
    subject_template_name = "accounts/password_reset_subject.txt"
    success_url = reverse_lazy("password_reset_done")

    def post(self, request, *args, **kwargs):
        # Mail-bombing guard, without letting a stranger lock the owner out (issue 18 item 11):
        # each requester (address asked for + client IP, and the IP alone) is limited like
        # failed sign-ins, 429 past it; an address asked for too often overall from
        # anywhere gets no more mail for a while, but the same "sent" page (its owner has the
        # links already sent, and a request from their own computer is not refused).
        address = str(request.POST.get("email", ""))[:150].strip().lower()
        ip = client_ip(request)
        key = f"reset:{address}|{ip}"
        if lockout.failures_exceeded(username=key, ip=ip):
            return locked_out_response(request, _("Too many requests. Please try again later."))
        lockout.failure_record(username=key, ip=ip)
        overall = f"reset-all:{address}"
        if lockout.count_exceeded(overall, settings.PASSWORD_RESET_MAILS_PER_ADDRESS):
            return redirect(self.get_success_url())
        lockout.count_record(overall)
        return super().post(request, *args, **kwargs)


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "accounts/password_reset_done.html"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("password_reset_complete")

    def form_valid(self, form):
        response = super().form_valid(form)
        # every API token ends with the old password (recorded, not just refused later)
        services.user_password_changed(user=form.user, reason="password_reset", ip=client_ip(self.request))
        # whoever locked the account's sign-in by guessing, its owner has just proved who they
        # are: the lockouts on the username end (issue 18 item 11)
        lockout.failures_clear(username=form.user.get_username())
        axes_reset(username=form.user.get_username())
        return response


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "accounts/password_reset_complete.html"
