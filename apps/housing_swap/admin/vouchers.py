"""Vouchers: redeem, void and reissue with a reason, and the ledger per round."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _
from simple_history.admin import SimpleHistoryAdmin

from .. import selectors, services
from ..admin_forms import ReasonForm, RedeemForm
from ..models import Voucher, VoucherStatus
from .common import _form_page


@admin.register(Voucher)
class VoucherAdmin(SimpleHistoryAdmin):
    list_display = ["code", "application", "round", "amount", "status", "issued_at", "expires_at", "redeemed_project"]
    list_filter = ["status", "round", "redeemed_project"]
    list_select_related = ["application", "round", "redeemed_project"]
    search_fields = ["code", "application__reference"]
    change_form_template = "admin/housing_swap/voucher/change_form.html"
    readonly_fields = [
        "code", "application", "round", "amount", "issued_at", "expires_at", "status", "issued_by",
        "redeemed_at", "redeemed_project", "redeemed_by", "voided_at", "void_reason", "replaces",
    ]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("<int:pk>/redeem/", view(self.redeem_view), name="housing_swap_voucher_redeem"),
            path("<int:pk>/void/", view(self.void_view), name="housing_swap_voucher_void"),
            path("<int:pk>/reissue/", view(self.reissue_view), name="housing_swap_voucher_reissue"),
            path("ledger/", view(self.ledger_view), name="housing_swap_voucher_ledger"),
            *super().get_urls(),
        ]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        obj = self.get_object(request, object_id)
        extra = dict(extra_context or {})
        if obj is not None:
            extra["can_redeem"] = obj.status == VoucherStatus.ISSUED and request.user.has_perm("housing_swap.redeem_voucher")
            extra["can_void"] = obj.status == VoucherStatus.ISSUED and request.user.has_perm("housing_swap.void_voucher")
            extra["can_reissue"] = (
                obj.status in (VoucherStatus.ISSUED, VoucherStatus.VOIDED)
                and request.user.has_perm("housing_swap.void_voucher")
                and not Voucher.objects.filter(replaces=obj).exists()
            )
        return super().change_view(request, object_id, form_url, extra_context=extra)

    def _back(self, obj):
        return HttpResponseRedirect(reverse("admin:housing_swap_voucher_change", args=[obj.pk]))

    def _run(self, request, obj, form, title, action, submit):
        if request.method == "POST" and form.is_valid():
            try:
                result = action(form.cleaned_data)
            except ValidationError as exc:
                for field, errors in exc.message_dict.items():
                    for error in errors:
                        form.add_error(field if field in form.fields else None, error)
            else:
                messages.success(request, _("Done: %(code)s.") % {"code": result.code})
                return self._back(result)
        return _form_page(request, self.admin_site, form=form, obj=obj, opts=self.model._meta, title=title, submit=submit)

    def redeem_view(self, request, pk):
        obj = get_object_or_404(Voucher, pk=pk)
        if not request.user.has_perm("housing_swap.redeem_voucher"):
            raise PermissionDenied
        return self._run(request, obj, RedeemForm(request.POST if request.method == "POST" else None), _("Redeem voucher %(code)s") % {"code": obj.code},
                         lambda d: services.voucher_redeem(voucher=obj, project=d["project"], actor=request.user), _("Redeem"))

    def void_view(self, request, pk):
        obj = get_object_or_404(Voucher, pk=pk)
        if not request.user.has_perm("housing_swap.void_voucher"):
            raise PermissionDenied
        return self._run(request, obj, ReasonForm(request.POST if request.method == "POST" else None), _("Void voucher %(code)s") % {"code": obj.code},
                         lambda d: services.voucher_void(voucher=obj, reason=d["reason"], actor=request.user), _("Void"))

    def reissue_view(self, request, pk):
        obj = get_object_or_404(Voucher, pk=pk)
        if not request.user.has_perm("housing_swap.void_voucher"):
            raise PermissionDenied
        return self._run(request, obj, ReasonForm(request.POST if request.method == "POST" else None), _("Reissue voucher %(code)s") % {"code": obj.code},
                         lambda d: services.voucher_reissue(voucher=obj, reason=d["reason"], actor=request.user), _("Reissue"))

    def ledger_view(self, request):
        if not self.has_view_permission(request):
            raise PermissionDenied
        return TemplateResponse(request, "admin/housing_swap/statistics.html", {
            **self.admin_site.each_context(request),
            "title": _("Voucher ledger per round"),
            "rows": selectors.round_statistics(),
            "opts": self.model._meta,
        })
