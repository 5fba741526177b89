"""The officials' back office for problem reports: the queue (scoped to the official's
sub-districts; another sub-district's report is a 404), the report page with its actions
(acknowledge, answer, in progress, resolve, transfer, close — each a service call), the
reporter's contact masked and revealed with a reason (audited), categories with their
deadlines, routing rules and the audit log. Thin: every change goes through ``services``."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from apps.accounts.scoping import SubDistrictScopedAdminMixin
from apps.core.admin_mixins import ReadOnlyAdminMixin, reveal_with_reason
from apps.places.models import SubDistrict

from . import operators, services, workflow
from .models import Category, Report, ReportAudit, ReportEvent, RoutingRule, Status
from .office_forms import AnswerForm, ReasonForm, TransferForm
from .personal_data import masked_contact
from .services.handling import HANDLE_PERM, TRANSFER_PERM, handleable
from .services.office import REVEAL_PERM

# the report page's actions: name -> (label, target status or None, answer required)
OFFICE_ACTIONS = {
    "acknowledge": (gettext_lazy("Acknowledge"), Status.ACKNOWLEDGED),
    "answer": (gettext_lazy("Answer"), None),
    "in_progress": (gettext_lazy("In progress"), Status.IN_PROGRESS),
    "resolve": (gettext_lazy("Resolve"), Status.RESOLVED),
    "transfer": (gettext_lazy("Transfer"), None),
    "close": (gettext_lazy("Close with a reason"), Status.CLOSED),
}


class QueueFilter(admin.SimpleListFilter):
    """The queue shows open reports unless asked otherwise."""

    title = gettext_lazy("queue")
    parameter_name = "queue"

    def lookups(self, request, model_admin):
        return [
            ("open", gettext_lazy("Open")),
            ("overdue", gettext_lazy("Past the resolve deadline")),
            ("ack_overdue", gettext_lazy("Not acknowledged in time")),
            ("operator", gettext_lazy("With an operator")),
            ("closed", gettext_lazy("Closed")),
            ("all", gettext_lazy("All")),
        ]

    def choices(self, changelist):
        current = self.value() or "open"
        for value, label in self.lookup_choices:
            yield {"selected": current == value, "display": label,
                   "query_string": changelist.get_query_string({self.parameter_name: value})}

    def queryset(self, request, queryset):
        value, now = self.value(), timezone.now()
        if value == "overdue":
            return queryset.overdue(now)
        if value == "ack_overdue":
            return queryset.acknowledge_overdue(now)
        if value == "operator":
            return queryset.open().exclude(operator_key="")
        if value == "closed":
            return queryset.filter(is_open=False)
        if value == "all":
            return queryset
        return queryset.open()


class EventInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = ReportEvent
    extra = 0
    can_delete = False
    fields = ["created_at", "action", "from_status", "to_status", "public_answer", "internal_note", "actor"]
    readonly_fields = fields


@admin.register(Report)
class ReportAdmin(SubDistrictScopedAdminMixin, admin.ModelAdmin):
    sub_district_lookup = "sub_district"
    list_display = ["reference", "category", "sub_district", "status", "created_at", "acknowledge_due",
                    "resolve_due", "overdue", "operator_name", "supporters_count"]
    list_filter = [QueueFilter, "status", "category", "sub_district"]
    list_select_related = ["category", "sub_district"]
    search_fields = ["=id", "description"]
    ordering = ["resolve_due", "id"]
    show_full_result_count = False
    actions = ["acknowledge_selected"]
    inlines = [EventInline]
    change_form_template = "admin/reports/report/change_form.html"
    fieldsets = [
        (None, {"fields": ["reference", "category", "status", "sub_district", "community", "facility",
                           "description", "address_string", "public_answer", "hidden"]}),
        (gettext_lazy("Deadlines"), {"fields": ["created_at", "acknowledge_due", "acknowledged_at", "resolve_due",
                                               "resolved_at", "closed_at", "escalated_at"]}),
        (gettext_lazy("Routing"), {"fields": ["routing_rule", "responsible_group", "operator_name"]}),
        (gettext_lazy("Reporter (masked)"), {"fields": ["masked_name", "masked_phone", "masked_email", "source",
                                                       "rating", "rating_comment"]}),
    ]

    # what the queue's rows show (list_display), loaded alone on the change list
    QUEUE_COLUMNS = ("id", "category", "sub_district", "status", "is_open", "created_at", "acknowledge_due",
                     "resolve_due", "operator_name", "supporters_count", "category__code", "category__name",
                     "category__name_en", "sub_district__code", "sub_district__name", "sub_district__name_en")

    def get_queryset(self, request):
        """The official's sub-districts, without the scoping mixin's DISTINCT: a report has one
        sub-district, so no row comes twice, and DISTINCT over every column made PostgreSQL read
        and sort all the official's open reports for a page of 100 (293 ms → 1 ms at 1M
        reports, bench/reports.py). The change list loads only the columns it shows."""
        queryset = admin.ModelAdmin.get_queryset(self, request)
        scope = self._scope(request)
        if scope is not None:
            queryset = queryset.filter(sub_district__in=scope)
        match = getattr(request, "resolver_match", None)
        if match is not None and match.url_name == "reports_report_changelist":
            queryset = queryset.only(*self.QUEUE_COLUMNS)
        return queryset

    def get_readonly_fields(self, request, obj=None):
        editable = {"hidden"} if request.user.has_perm("reports.change_report") else set()
        return [f for fs in self.fieldsets for f in fs[1]["fields"] if f not in editable]

    def has_add_permission(self, request):
        return False  # residents report; staff act on reports

    def has_delete_permission(self, request, obj=None):
        return False  # the trail stays; closing is an action

    @admin.display(description=gettext_lazy("reference"), ordering="id")
    def reference(self, obj):
        return obj.reference

    @admin.display(description=gettext_lazy("overdue"), boolean=True)
    def overdue(self, obj):
        return obj.is_open and obj.resolve_due < timezone.now()

    def _masked(self, obj):
        return masked_contact(name=obj.contact_name, phone=obj.contact_phone, email=obj.contact_email)

    @admin.display(description=gettext_lazy("contact name"))
    def masked_name(self, obj):
        return self._masked(obj)["name"] or "—"

    @admin.display(description=gettext_lazy("contact phone"))
    def masked_phone(self, obj):
        return self._masked(obj)["phone"] or "—"

    @admin.display(description=gettext_lazy("contact email"))
    def masked_email(self, obj):
        return self._masked(obj)["email"] or "—"

    # out of scope: as if it did not exist (not the admin's "perhaps it was deleted" redirect)
    def _get_obj_does_not_exist_redirect(self, request, opts, object_id):
        raise Http404

    # --- actions ------------------------------------------------------------------------
    def has_handle_permission(self, request):
        return request.user.has_perm(HANDLE_PERM)

    @admin.action(description=gettext_lazy("Acknowledge the selected reports"), permissions=["handle"])
    def acknowledge_selected(self, request, queryset):
        done = 0
        for report in queryset.filter(status=Status.SUBMITTED):
            try:
                services.report_transition(report=report, to_status=Status.ACKNOWLEDGED, actor=request.user)
            except (ValidationError, PermissionDenied, Http404) as exc:
                messages.error(request, f"{report.reference}: {'; '.join(getattr(exc, 'messages', [str(exc)]))}")
            else:
                done += 1
        messages.success(request, _("%(count)d reports acknowledged.") % {"count": done})

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("<int:pk>/act/<slug:action>/", view(self.act_view), name="reports_report_act"),
            path("<int:pk>/reveal/", view(self.reveal_view), name="reports_report_reveal"),
            *super().get_urls(),
        ]

    def _offered(self, request, obj) -> list[tuple[str, str]]:
        user = request.user
        if not user.has_perm(HANDLE_PERM):
            return []
        offered = []
        for name, (label, target) in OFFICE_ACTIONS.items():
            if name == "transfer" and not user.has_perm(TRANSFER_PERM):
                continue
            if target is None and not obj.is_open:  # answer and transfer: open reports only
                continue
            if target is not None and not workflow.allowed(obj.status, target):
                continue
            offered.append((name, label))
        return offered

    def change_view(self, request, object_id, form_url="", extra_context=None):
        obj = self.get_object(request, object_id)
        extra = dict(extra_context or {})
        if obj is not None:
            extra["office_actions"] = self._offered(request, obj)
            extra["can_reveal"] = request.user.has_perm(REVEAL_PERM) and any(
                [obj.contact_name, obj.contact_phone, obj.contact_email])
        return super().change_view(request, object_id, form_url, extra_context=extra)

    def _report(self, request, pk) -> Report:
        return get_object_or_404(handleable(request.user).select_related("category", "sub_district"), pk=pk)

    def _page(self, request, obj, *, title, form, submit, result=None):
        return TemplateResponse(request, "admin/reports/form_page.html", {
            **self.admin_site.each_context(request), "title": title, "form": form, "object": obj,
            "opts": self.model._meta, "submit_label": submit, "result": result,
        })

    def act_view(self, request, pk, action):
        obj = self._report(request, pk)
        if action not in OFFICE_ACTIONS or action not in dict(self._offered(request, obj)):
            raise Http404
        label, target = OFFICE_ACTIONS[action]
        data = request.POST if request.method == "POST" else None
        if action == "transfer":
            form = TransferForm(data, sub_districts=SubDistrict.objects.exclude(pk=obj.sub_district_id),
                                operators=operators.choices(obj.kind or None))
        else:
            form = AnswerForm(data)
        if data is not None and form.is_valid():
            try:
                self._act(request, obj, action, target, form.cleaned_data)
            except ValidationError as exc:
                for field, errors in exc.message_dict.items():
                    for error in errors:
                        form.add_error(field if field in form.fields else None, error)
            else:
                messages.success(request, _("%(reference)s: %(action)s done.") % {"reference": obj.reference,
                                                                                  "action": label})
                return HttpResponseRedirect(reverse("admin:reports_report_change", args=[obj.pk]))
        return self._page(request, obj, title=f"{obj.reference}: {label}", form=form, submit=label)

    def _act(self, request, obj, action, target, data):
        user = request.user
        if action == "transfer":
            if data.get("sub_district"):
                services.report_transfer(report=obj, actor=user, sub_district=data["sub_district"],
                                         reason=data["reason"])
            else:
                services.report_transfer_to_operator(report=obj, actor=user, operator_key=data["operator"],
                                                     reason=data["reason"])
        elif action == "answer":
            services.report_answer(report=obj, actor=user, public_answer=data["public_answer"],
                                   internal_note=data["internal_note"])
        else:
            services.report_transition(report=obj, to_status=target, actor=user,
                                       public_answer=data["public_answer"], internal_note=data["internal_note"])

    def reveal_view(self, request, pk):
        obj = self._report(request, pk)
        if not request.user.has_perm(REVEAL_PERM):
            raise PermissionDenied

        def reveal(reason):
            values = services.contact_reveal(report=obj, actor=request.user, reason=reason)
            return [(_("Name"), values["name"]), (_("Mobile phone"), values["phone"]), (_("Email"), values["email"])]

        form, result = reveal_with_reason(request, ReasonForm, reveal)
        return self._page(request, obj, title=_("Reporter's contact of %(reference)s") % {"reference": obj.reference},
                          form=form, submit=_("Reveal"), result=result)


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    """Categories are declared by the apps; officials tune their deadlines and switch them off."""

    list_display = ["code", "name", "kind", "acknowledge_hours", "resolve_days", "active"]
    list_editable = []
    list_filter = ["kind", "active"]
    fields = ["code", "name", "name_en", "kind", "group", "description", "keywords", "acknowledge_hours",
              "resolve_days", "active", "order"]
    readonly_fields = ["code", "name", "name_en", "kind", "group"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(RoutingRule)
class RoutingRuleAdmin(admin.ModelAdmin):
    list_display = ["__str__", "group", "route_to_operator", "priority", "active"]
    list_filter = ["active", "kind", "category", "sub_district"]
    list_select_related = ["category", "sub_district", "group"]
    filter_horizontal = ["officials"]

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "officials":
            from django.contrib.auth import get_user_model

            kwargs["queryset"] = get_user_model().objects.filter(is_staff=True, is_active=True)
        return super().formfield_for_manytomany(db_field, request, **kwargs)


@admin.register(ReportAudit)
class ReportAuditAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["created_at", "action", "actor", "report", "target", "reason"]
    list_filter = ["action"]
    list_select_related = ["actor", "report__category"]
    date_hierarchy = "created_at"
