"""The personal-data audit log: read-only."""

from django.contrib import admin

from apps.core.admin_mixins import ReadOnlyAdminMixin

from ..models import AuditLog


@admin.register(AuditLog)
class AuditLogAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["at", "actor", "action", "target", "reason"]
    list_filter = ["action", "actor"]
    list_select_related = ["actor"]
    date_hierarchy = "at"
    readonly_fields = ["at", "actor", "action", "application", "target", "reason"]

