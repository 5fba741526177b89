"""Pages: the inbox, read marks, preferences, contact verification, one-click unsubscribe."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from apps.accounts.api import client_ip
from apps.core.masking import mask_email, mask_phone

from . import conf, rendering, selectors, services
from .forms import PreferencesForm, VerificationForm
from .models import Channel, Notice
from .services import verification
from .tokens import unsubscribe_read


@login_required
@require_GET
def inbox(request):
    unread_only = request.GET.get("unread") == "1"
    page = Paginator(selectors.inbox(user=request.user, unread_only=unread_only), 20).get_page(request.GET.get("page"))
    items = [(notice, rendering.render(event=notice.event, parts=("subject", "body"))) for notice in page]
    return render(request, "notices/inbox.html", {
        "page": page, "items": items, "unread_only": unread_only,
        "unread_total": selectors.unread_count(user=request.user),
    })


@login_required
@require_POST
def mark_read(request, pk: int):
    try:
        services.notice_mark_read(user=request.user, notice_id=pk)
    except Notice.DoesNotExist as exc:
        raise Http404 from exc
    return redirect(request.POST.get("next") if request.POST.get("next", "").startswith("/notices/") else "notices:inbox")


@login_required
@require_POST
def mark_all_read(request):
    count = services.notices_mark_all_read(user=request.user)
    messages.success(request, _("%(count)s notices marked as read.") % {"count": count})
    return redirect("notices:inbox")


@login_required
@require_http_methods(["GET", "POST"])
def preferences(request):
    user = request.user
    current = services.preferences_for(user=user)
    initial = {
        "email": current[Channel.EMAIL], "sms": current[Channel.SMS],
        "sms_quiet_start": user.sms_quiet_start, "sms_quiet_end": user.sms_quiet_end,
    }
    form = PreferencesForm(request.POST or None, initial=initial)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.preferences_update(
                    user=user, frequencies={Channel.EMAIL: data["email"], Channel.SMS: data["sms"]},
                    quiet_start=data["sms_quiet_start"], quiet_end=data["sms_quiet_end"], set_quiet_hours=True,
                )
            except ValidationError as exc:
                for field, errors in exc.message_dict.items():
                    for error in errors:
                        form.add_error(field if field in form.fields else None, error)
            else:
                messages.success(request, _("Your notice preferences were saved."))
                return redirect("notices:preferences")
        status = 400
    return render(request, "notices/preferences.html", {
        "form": form, "has_email": bool(user.email), "has_phone": bool(user.phone),
        "verification": selectors.verification_status(user=user),
    }, status=status)


@csrf_exempt  # the signed token is the authority; mail clients POST one-click (RFC 8058)
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token: str):
    found = unsubscribe_read(token)
    if found is None:
        return render(request, "notices/unsubscribe.html", {"invalid": True}, status=400)
    user_id, channel = found
    channel_label = dict(Channel.choices).get(channel, channel)
    if request.method == "POST":
        done = services.unsubscribe(user_id=user_id, channel=channel)
        if not done:
            return render(request, "notices/unsubscribe.html", {"invalid": True}, status=400)
        return render(request, "notices/unsubscribe.html", {"done": True, "channel_label": channel_label})
    return render(request, "notices/unsubscribe.html", {"channel_label": channel_label, "token": token})


@login_required
@require_http_methods(["GET", "POST"])
def verify(request):
    """Verify the account's email address and mobile number with a one-time code: until
    then notices come in-app only (issue 18 item 8)."""
    user = request.user
    errors: dict[str, list[str]] = {}
    status = 200
    if request.method == "POST":
        form = VerificationForm(request.POST)
        if not form.is_valid():
            errors["form"] = [_("Choose email or SMS.")]
            status = 400
        else:
            channel, action = form.cleaned_data["channel"], form.cleaned_data["action"]
            try:
                if action == "send":
                    verification.contact_code_request(user=user, channel=channel, ip=client_ip(request))
                    messages.success(request, _("A code was sent. Enter it below."))
                else:
                    verification.contact_code_confirm(user=user, channel=channel, code=form.cleaned_data["code"],
                                                      ip=client_ip(request))
                    messages.success(request, _("Verified: notices you chose will now also come there."))
                return redirect("notices:verify")
            except verification.VerificationThrottled as exc:
                errors[channel] = [exc.message]
                status = 429
            except ValidationError as exc:
                errors[channel] = [m for values in exc.message_dict.values() for m in values]
                status = 400
    state = selectors.verification_status(user=user)
    channels = [
        {"channel": "email", "label": _("Email"), "masked": mask_email(user.email), **state["email"],
         "errors": errors.get("email", [])},
        {"channel": "sms", "label": _("SMS"), "masked": mask_phone(user.phone) if user.phone else "",
         **state["sms"], "errors": errors.get("sms", [])},
    ]
    response = render(request, "notices/verify.html", {
        "channels": channels, "form_errors": errors.get("form", []),
        "email_needs_proof": "email" in conf.verified_channels(),
    }, status=status)
    if status == 429:
        response["Retry-After"] = "60"
    return response
