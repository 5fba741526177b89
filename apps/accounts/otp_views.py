"""Two-factor sign-in for staff (django-otp TOTP), issue 18 item 1.

One page, three parts: the code from the enrolled device; with the district administrator's
pending invitation, setting up a (new) device after typing the password again; and, while
setting up, the QR code of the new device and its first code. Nothing is created on a GET:
the device is made by a POST (the password re-check), through the services."""

import time

import qrcode
import qrcode.image.svg
from django import forms
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from . import lockout, services
from .api import client_ip
from .views import locked_out_response

_ENROL = "two_factor_enrol"  # session: {"device": pk, "at": time of the password re-check}
ENROL_SECONDS = 10 * 60  # the re-checked password is good for this long


class TokenForm(forms.Form):
    token = forms.CharField(
        label=_("6-digit code from your authenticator app"), max_length=6, min_length=6,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )


class PasswordForm(forms.Form):
    password = forms.CharField(
        label=_("Your password, again"), strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )


def _next(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or "/admin/"
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return "/admin/"
    return target


def _qr_svg(url: str) -> str:
    image = qrcode.make(url, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    return image.to_string(encoding="unicode")


def _enrolling_device(request):
    state = request.session.get(_ENROL)
    if not state or time.time() - state.get("at", 0) > ENROL_SECONDS:
        return None
    return TOTPDevice.objects.filter(pk=state.get("device"), user=request.user, confirmed=False).first()


@login_required
@require_http_methods(["GET", "POST"])
def otp(request):
    """Confirm a code (every staff sign-in), or set up a device when invited."""
    user = request.user
    if not services.two_factor_required(user):
        return redirect("/")
    if user.is_verified() and request.method == "GET":
        return redirect(_next(request))
    action = request.POST.get("action", "verify") if request.method == "POST" else None
    ip = client_ip(request)
    invited = services.two_factor_invitation_pending(user) is not None
    enrolling = _enrolling_device(request) if invited else None
    token_form = TokenForm(request.POST if action in ("verify", "confirm") else None)
    password_form = PasswordForm(request.POST if action == "enrol" else None)

    if action == "enrol" and invited and password_form.is_valid():
        if lockout.failures_exceeded(username=user.get_username(), ip=ip):
            return locked_out_response(request)
        try:
            device = services.two_factor_enrolment_start(
                user=user, password=password_form.cleaned_data["password"], ip=ip)
        except services.TwoFactorError as exc:
            lockout.failure_record(username=user.get_username(), ip=ip)
            password_form.add_error("password", str(exc))
        else:
            request.session[_ENROL] = {"device": device.pk, "at": time.time()}
            return redirect(request.get_full_path())
    elif action in ("verify", "confirm") and token_form.is_valid():
        token = token_form.cleaned_data["token"]
        try:
            if action == "confirm" and enrolling is not None:
                device = services.two_factor_enrolment_confirm(user=user, device_id=enrolling.pk, token=token, ip=ip)
                request.session.pop(_ENROL, None)
            else:
                device = services.two_factor_verify(user=user, token=token)
        except services.TwoFactorError as exc:
            token_form.add_error("token", str(exc))
        else:
            otp_login(request, device)
            return redirect(_next(request))

    has_device = services.two_factor_device(user) is not None
    context = {
        "token_form": token_form, "password_form": password_form, "next": _next(request),
        "has_device": has_device, "invited": invited, "enrolling": enrolling is not None,
    }
    if enrolling is not None:
        context["qr_svg"] = _qr_svg(enrolling.config_url)
        context["secret"] = enrolling.bin_key.hex()
    if token_form.errors or password_form.errors:
        status = 400
    elif not (has_device or invited):
        status = 403  # not enrolled and not invited: the district administrator must invite
    else:
        status = 200
    return render(request, "accounts/otp.html", context, status=status)
