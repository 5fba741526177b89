from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from apps.accounts import services as accounts_services
from apps.accounts.admin import user_inline_add

from . import services
from .models import Event, Notice, NotificationPreference


class NotificationPreferenceInline(admin.TabularInline):
    """A user's notice preferences, on the user's admin page (accounts' ``UserAdmin``)."""

    model = NotificationPreference
    extra = 0

    # a resident's preferences are theirs to set (issue 18 item 4)
    def _protected(self, request, obj):
        return obj is not None and not accounts_services.may_administer(request.user, obj)

    def has_add_permission(self, request, obj=None):
        return not self._protected(request, obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return not self._protected(request, obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return not self._protected(request, obj) and super().has_delete_permission(request, obj)


user_inline_add(NotificationPreferenceInline)


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    list_display = ["id", "kind", "subject", "actor", "created_at"]
    list_filter = ["kind"]
    search_fields = ["kind", "subject", "dedupe_key"]
    list_select_related = ["actor"]
    readonly_fields = ["kind", "subject", "actor", "context", "link", "dedupe_key", "created_at"]
    date_hierarchy = "created_at"

    def has_add_permission(self, request):
        return False


@admin.register(Notice)
class NoticeAdmin(admin.ModelAdmin):
    list_display = [
        "id", "event_kind", "recipient", "channel", "frequency", "status", "attempts",
        "next_attempt_at", "sent_at", "short_error",
    ]
    list_filter = ["status", "channel", "frequency", "event__kind"]
    search_fields = ["recipient__username", "recipient__email", "=status", "=channel", "event__kind"]
    list_select_related = ["event", "recipient"]
    raw_id_fields = ["event", "recipient", "digest"]
    readonly_fields = [
        "event", "recipient", "channel", "frequency", "status", "attempts", "last_error", "needs_reconcile",
        "created_at", "next_attempt_at", "claimed_at", "sent_at", "read_at", "digest",
    ]
    actions = ["retry_failed"]
    date_hierarchy = "created_at"
    show_full_result_count = False  # counting 100k-row fan-outs on every page is wasteful

    def has_add_permission(self, request):
        return False

    @admin.display(description=_("kind"), ordering="event__kind")
    def event_kind(self, notice):
        return notice.event.kind

    @admin.display(description=_("last error"))
    def short_error(self, notice):
        return (notice.last_error or "")[:80]

    @admin.action(description=_("Retry failed notices"), permissions=["change"])
    def retry_failed(self, request, queryset):
        count = services.notices_retry(notice_ids=queryset.values_list("pk", flat=True), actor=request.user)
        self.message_user(
            request,
            ngettext("%(count)d failed notice queued again.", "%(count)d failed notices queued again.", count)
            % {"count": count},
            messages.SUCCESS,
        )
