"""Admin pieces of the shared operator machinery (:mod:`apps.accounts.operators`): a kind's
``admin.py`` registers its operator with :class:`OperatorAdmin` and an inline of
:class:`OperatorAccountInline` (its accounts), and shows its facilities' reports with
:class:`ReportInline` (read-only)."""

from django.contrib import admin


class OperatorAccountInline(admin.TabularInline):
    extra = 0
    fields = ("user", "is_active", "created_at")
    readonly_fields = ("created_at",)
    raw_id_fields = ("user",)


class OperatorAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "name_en", "phone", "is_illustrative")
    search_fields = ("code", "name", "name_en")


class ReportInline(admin.TabularInline):
    """The reports of one facility (or part), newest first; set ``model`` and ``fields`` (what
    was reported, then ``ReportInline.fields``)."""

    fields = ("reported_at", "received_at", "reported_by", "applied")
    extra = 0
    can_delete = False
    max_num = 0
    ordering = ("-received_at",)

    def get_readonly_fields(self, request, obj=None):
        return self.fields

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("reported_by")
