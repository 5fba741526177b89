from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from apps.core.masking import mask_phone

from .models import NotificationPreference, User


class NotificationPreferenceInline(admin.TabularInline):
    model = NotificationPreference
    extra = 0


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ("username", "email", "masked_phone", "is_staff", "is_active", "date_joined")
    list_filter = ("is_staff", "is_superuser", "is_active", "groups", "preferred_language")
    search_fields = ("username", "email")
    filter_horizontal = ("groups", "user_permissions", "sub_districts")
    inlines = [NotificationPreferenceInline]
    fieldsets = (
        *BaseUserAdmin.fieldsets,
        (_("Portal"), {"fields": ("phone", "preferred_language", "sms_quiet_start", "sms_quiet_end", "sub_districts")}),
    )

    # Role assignment and superuser status are for superusers only: a district administrator
    # (``accounts.change_user``) manages profiles and sub-districts but cannot grant a role
    # or permission, nor change an account that holds more rights than they do.
    _PRIVILEGE_FIELDS = ("is_superuser", "groups", "user_permissions")

    def get_readonly_fields(self, request, obj=None):
        fields = tuple(super().get_readonly_fields(request, obj))
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
        return super().has_delete_permission(request, obj)

    @admin.display(description=_("mobile phone"))
    def masked_phone(self, obj):
        return mask_phone(obj.phone)
