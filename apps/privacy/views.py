"""Pages under the account area: download my data, close my account."""

from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from apps.accounts.api import client_ip

from . import services
from .forms import DeleteAccountForm, PasswordAgainForm


def _password_error(form, exc):
    for errors in exc.message_dict.values():
        for error in errors:
            form.add_error("password", error)


def _throttled(request, template, context):
    context["form"].add_error(None, _("Too many wrong passwords. Please try again later."))
    response = render(request, template, context, status=429)
    response["Retry-After"] = "900"
    return response


@login_required
@require_http_methods(["GET", "POST"])
def my_data(request):
    """What the download holds, and the download itself (password again; PIPL Art. 45)."""
    form = PasswordAgainForm(request.POST or None)
    context = {"form": form}
    if request.method == "POST":
        if form.is_valid():
            try:
                archive = services.personal_data_archive(user=request.user, password=form.cleaned_data["password"],
                                                         ip=client_ip(request))
            except services.PasswordCheckThrottled:
                return _throttled(request, "privacy/my_data.html", context)
            except ValidationError as exc:
                _password_error(form, exc)
            else:
                name = f"qiaokou-my-data-{timezone.localdate():%Y%m%d}.zip"
                response = FileResponse(archive, as_attachment=True, filename=name, content_type="application/zip")
                add_never_cache_headers(response)
                return response
        return render(request, "privacy/my_data.html", context, status=400)
    return render(request, "privacy/my_data.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def delete_account(request):
    """Close the account (password again; PIPL Art. 47)."""
    form = DeleteAccountForm(request.POST or None)
    blockers = services.deletion_blockers(user=request.user)
    context = {"form": form, "blockers": blockers}
    if request.method == "POST":
        if form.is_valid() and not blockers:
            try:
                services.account_delete(user=request.user, password=form.cleaned_data["password"],
                                        ip=client_ip(request))
            except services.PasswordCheckThrottled:
                return _throttled(request, "privacy/delete.html", context)
            except ValidationError as exc:
                _password_error(form, exc)
            except PermissionDenied:
                context["blockers"] = services.deletion_blockers(user=request.user)
            else:
                logout(request)
                return redirect("privacy:deleted")
        return render(request, "privacy/delete.html", context, status=400)
    return render(request, "privacy/delete.html", context)


@require_GET
def deleted(request):
    response = render(request, "privacy/deleted.html")
    add_never_cache_headers(response)
    return response
