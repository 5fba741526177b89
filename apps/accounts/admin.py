from django import forms
from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_totp.admin import TOTPDeviceAdmin as BaseTOTPDeviceAdmin
from django_otp.plugins.otp_totp.models import TOTPDevice

from apps.core.admin_mixins import reveal_with_reason
from apps.core.masking import mask_email, mask_phone

from . import services
from .api import client_ip
from .models import User


class RevealForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}),
                             min_length=services.REVEAL_REASON_MIN)


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ("username", "masked_email", "masked_phone", "is_staff", "is_active", "date_joined")
    list_filter = ("is_staff", "is_superuser", "is_active", "groups", "preferred_language")
    search_fields = ("username", "email")
    filter_horizontal = ("groups", "user_permissions", "sub_districts")
    # apps above accounts add their part of a user's page with user_inline_add (notices: the
    # notice preferences); accounts imports none of them
    inlines = []
    actions = ["invite_two_factor"]
    change_form_template = "admin/accounts/user/change_form.html"
    fieldsets = (
        *BaseUserAdmin.fieldsets,
        (_("Portal"), {"fields": ("phone", "preferred_language", "sms_quiet_start", "sms_quiet_end", "sub_districts")}),
    )

    # Role assignment and superuser status are for superusers only: a district administrator
    # (``accounts.change_user``) manages profiles and sub-districts but cannot grant a role
    # or permission, nor change an account that holds more rights than they do.
    _PRIVILEGE_FIELDS = ("is_superuser", "groups", "user_permissions")
    # Issue 18 item 4: on a resident's account, other staff than superusers see the contact
    # details masked, cannot set the password and may only suspend or reactivate it.
    _MASKED = {"email": "masked_email", "phone": "masked_phone"}
    _RESIDENT_EDITABLE = ("is_active",)

    def _protected(self, request, obj) -> bool:
        return obj is not None and not services.may_administer(request.user, obj)

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if not self._protected(request, obj):
            return fieldsets
        result = []
        for name, options in fieldsets:
            fields = [self._MASKED.get(f, f) for f in options["fields"] if f != "password"]
            if fields:
                result.append((name, {**options, "fields": fields}))
        return result

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        if self._protected(request, obj):
            form.base_fields.pop("password", None)  # declared by UserChangeForm; not theirs to touch
        return form

    def get_readonly_fields(self, request, obj=None):
        fields = tuple(super().get_readonly_fields(request, obj))
        if self._protected(request, obj):
            every = [f for _name, options in self.get_fieldsets(request, obj) for f in options["fields"]]
            return tuple(dict.fromkeys([*fields, *(f for f in every if f not in self._RESIDENT_EDITABLE)]))
        if request.user.is_superuser:
            return fields
        return fields + self._PRIVILEGE_FIELDS

    def has_change_permission(self, request, obj=None):
        if not super().has_change_permission(request, obj):
            return False
        if obj is None or request.user.is_superuser or obj.pk == request.user.pk:
            return True
        return not obj.is_superuser and obj.get_all_permissions() <= request.user.get_all_permissions()

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.is_superuser and not request.user.is_superuser:
            return False
        if self._protected(request, obj):
            return False
        return super().has_delete_permission(request, obj)

    def user_change_password(self, request, id, form_url=""):
        subject = self.get_object(request, id)
        if subject is not None and self._protected(request, subject):
            raise PermissionDenied  # a resident sets or resets their own password
        return super().user_change_password(request, id, form_url)

    def get_actions(self, request):
        actions = super().get_actions(request)
        if not request.user.has_perm("accounts.add_twofactorinvitation"):
            actions.pop("invite_two_factor", None)
        return actions

    @admin.action(description=_("Invite to set up two-factor sign-in"))
    def invite_two_factor(self, request, queryset):
        """Issue 18 item 1: the district administrator's invitation is the only way to set up
        (or replace) a staff member's two-factor device."""
        if not request.user.has_perm("accounts.add_twofactorinvitation"):
            raise PermissionDenied
        invited = skipped = 0
        for subject in queryset:
            # an invitation grants no rights (the invitee still needs their own password), so
            # any staff member may be invited; only a superuser invites a superuser
            if subject.is_superuser and not request.user.is_superuser:
                skipped += 1
                continue
            try:
                services.two_factor_invite(user=subject, actor=request.user, ip=client_ip(request))
            except services.TwoFactorError:
                skipped += 1
            else:
                invited += 1
        if invited:
            self.message_user(request, ngettext(
                "%(count)d staff member may now set up two-factor sign-in.",
                "%(count)d staff members may now set up two-factor sign-in.", invited) % {"count": invited})
        if skipped:
            self.message_user(request, ngettext(
                "%(count)d account was not invited (not staff, inactive, or not yours to manage).",
                "%(count)d accounts were not invited (not staff, inactive, or not yours to manage).",
                skipped) % {"count": skipped}, messages.WARNING)

    @admin.display(description=_("mobile phone"))
    def masked_phone(self, obj):
        return mask_phone(obj.phone)

    @admin.display(description=_("email address"))
    def masked_email(self, obj):
        return mask_email(obj.email)

    def get_urls(self):
        return [
            path("<int:pk>/reveal-contact/", self.admin_site.admin_view(self.reveal_contact_view),
                 name="accounts_user_reveal_contact"),
            *super().get_urls(),
        ]

    def _may_reveal(self, request) -> bool:
        return request.user.is_staff and request.user.has_perm("accounts.change_user")

    def change_view(self, request, object_id, form_url="", extra_context=None):
        obj = self.get_object(request, object_id)
        extra = dict(extra_context or {})
        if obj is not None:
            extra["resident_protected"] = self._protected(request, obj)
            extra["can_reveal_contact"] = self._may_reveal(request) and bool(obj.email or obj.phone)
        return super().change_view(request, object_id, form_url, extra_context=extra)

    def reveal_contact_view(self, request, pk):
        subject = get_object_or_404(User, pk=pk)
        if not self._may_reveal(request):
            raise PermissionDenied

        def reveal(reason):
            values = services.user_contact_reveal(subject=subject, actor=request.user, reason=reason,
                                                  ip=client_ip(request))
            return [(gettext("Email address"), values["email"]), (gettext("Mobile phone"), values["phone"])]

        form, result = reveal_with_reason(request, RevealForm, reveal)
        return TemplateResponse(request, "admin/accounts/user/reveal_contact.html", {
            **self.admin_site.each_context(request),
            "title": gettext("Reveal the contact details of %(user)s") % {"user": subject.get_username()},
            "form": form, "result": result, "subject": subject, "object": subject, "opts": self.model._meta,
            "submit_label": gettext("Reveal"),
        })  # admin views are never cached (admin_view: never_cache)


def user_inline_add(inline: type[admin.options.InlineModelAdmin]) -> None:
    """Show ``inline`` (a model of another app with a foreign key to the user) on the user's
    admin page. Called by that app's admin module; adding the same inline twice changes nothing."""
    if inline not in UserAdmin.inlines:
        UserAdmin.inlines = [*UserAdmin.inlines, inline]
# Issue 18 item 1: a TOTP device is set up only through the invitation and the password
# re-check (apps/accounts/otp_views.py). django-otp's device admin would let a superuser add
# a device (choosing its key) for anyone, or edit one; here it only lists devices, shows one
# without its key, and deletes (a lost phone; each deletion is a security event).
class TOTPDeviceAdmin(BaseTOTPDeviceAdmin):
    actions = ["delete_selected"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def delete_model(self, request, obj):
        services.two_factor_device_delete(device=obj, actor=request.user, ip=client_ip(request))

    def delete_queryset(self, request, queryset):
        for device in queryset.select_related("user"):
            services.two_factor_device_delete(device=device, actor=request.user, ip=client_ip(request))


if admin.site.is_registered(TOTPDevice):
    admin.site.unregister(TOTPDevice)
admin.site.register(TOTPDevice, TOTPDeviceAdmin)
