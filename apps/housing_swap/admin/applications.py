"""The review queue and the application page: transitions with reasons, reveal (audited),
internal notes, assignment and the CSV export. Actions call services."""

import datetime as dt

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from simple_history.admin import SimpleHistoryAdmin

from apps.core.admin_mixins import reveal_with_reason
from apps.core.downloads import as_download

from .. import services, transitions
from ..admin_forms import AssignForm, NoteForm, ReasonForm, TransitionForm
from ..masks import masked
from ..models import (
    Application,
    ApplicationDocument,
    ApplicationEvent,
    HouseholdMember,
    InternalNote,
    Status,
    Voucher,
)
from ..personal_data import lookup_hash
from ..validators import normalize_id_number
from .common import ReadOnlyInline, _form_page
from .documents import DocumentInline

OVERDUE_DAYS = 5


def _csv_response(content: str) -> HttpResponse:
    response = HttpResponse(content, content_type="text/csv; charset=utf-8")
    return as_download(response, filename="housing-swap-applications.csv", private=True)


class MemberInline(ReadOnlyInline):
    model = HouseholdMember

    fields = ["masked_name", "relationship", "birth_year", "masked_id"]
    readonly_fields = fields

    @admin.display(description=gettext_lazy("name"))
    def masked_name(self, obj):
        return masked(obj, "name")

    @admin.display(description=gettext_lazy("resident ID number"))
    def masked_id(self, obj):
        return masked(obj, "id_number")


class EventInline(ReadOnlyInline):
    model = ApplicationEvent
    fields = ["created_at", "actor", "from_status", "to_status", "public_note", "internal_note"]
    readonly_fields = fields

    def has_delete_permission(self, request, obj=None):
        return False


class NoteInline(ReadOnlyInline):
    model = InternalNote
    fields = ["created_at", "author", "text"]
    readonly_fields = fields


class VoucherInline(ReadOnlyInline):
    model = Voucher
    fields = ["code", "amount", "status", "expires_at", "redeemed_project"]
    readonly_fields = fields
    show_change_link = True


class WaitingFilter(admin.SimpleListFilter):
    title = gettext_lazy("waiting time")
    parameter_name = "waiting"

    def lookups(self, request, model_admin):
        return [
            ("overdue", gettext_lazy("In the queue for more than %(days)s days") % {"days": OVERDUE_DAYS}),
            ("mine", gettext_lazy("Assigned to me")),
            ("unassigned", gettext_lazy("Not assigned")),
        ]

    def queryset(self, request, queryset):
        if self.value() == "overdue":
            before = timezone.now() - dt.timedelta(days=OVERDUE_DAYS)
            return queryset.in_review_queue().filter(status_changed_at__lt=before)
        if self.value() == "mine":
            return queryset.filter(assigned_reviewer=request.user)
        if self.value() == "unassigned":
            return queryset.in_review_queue().filter(assigned_reviewer__isnull=True)
        return queryset


@admin.register(Application)
class ApplicationAdmin(SimpleHistoryAdmin):
    list_display = [
        "reference", "round_number", "status_tag", "masked_name", "masked_id", "masked_phone",
        "assigned_reviewer", "waiting_days_display", "missing_documents", "duplicate_flag",
    ]
    list_filter = [WaitingFilter, "status", "round", "is_proxy", "assigned_reviewer"]
    list_select_related = ["round", "assigned_reviewer"]
    search_fields = ["reference"]
    ordering = ["status_changed_at"]
    date_hierarchy = "submitted_at"
    actions = ["assign_to_me", "start_review", "export_csv", "export_csv_unmasked"]
    inlines = [MemberInline, DocumentInline, EventInline, NoteInline, VoucherInline]
    change_form_template = "admin/housing_swap/application/change_form.html"
    fieldsets = [
        (None, {"fields": ["reference", "round", "status", "status_changed_at", "submitted_at", "applicant", "assigned_reviewer"]}),
        (gettext_lazy("Applicant (masked)"), {"fields": [
            "masked_name", "masked_id", "masked_phone", "is_proxy", "masked_proxy_name", "masked_proxy_id",
            "proxy_relationship"]}),
        (gettext_lazy("Old home"), {"fields": [
            "old_home_district", "old_home_sub_district", "masked_address", "masked_certificate",
            "old_home_area_m2", "old_home_building_year", "old_home_ownership"]}),
        (gettext_lazy("Household and choice"), {"fields": ["household_size", "desired_project"]}),
        (gettext_lazy("Consent"), {"fields": ["consent", "consent_version", "consent_at"]}),
        (gettext_lazy("Review"), {"fields": [
            "requested_document_kinds", "appraisal_at", "valuation_amount", "decision_reason", "anonymised_at"]}),
    ]

    def get_readonly_fields(self, request, obj=None):
        return [f for fs in self.fieldsets for f in fs[1]["fields"]]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).with_duplicate_flag().prefetch_related(
            Prefetch("documents", queryset=ApplicationDocument.objects.only("id", "kind", "application_id", "uploaded_at"))
        )

    def get_search_results(self, request, queryset, search_term):
        """Search by reference, or by a full ID number through its keyed hash (never in clear)."""
        term = normalize_id_number(search_term)
        if len(term) == 18:
            return queryset.filter(id_number_hash=lookup_hash(term)), False
        return super().get_search_results(request, queryset, search_term)

    @admin.display(description=gettext_lazy("round"), ordering="round__number")
    def round_number(self, obj):
        return obj.round.number

    @admin.display(description=gettext_lazy("status"), ordering="status")
    def status_tag(self, obj):
        return obj.get_status_display()

    @admin.display(description=gettext_lazy("applicant name"))
    def masked_name(self, obj):
        return obj.masked_name

    @admin.display(description=gettext_lazy("resident ID number"))
    def masked_id(self, obj):
        return obj.masked_id_number

    @admin.display(description=gettext_lazy("mobile phone"))
    def masked_phone(self, obj):
        return obj.masked_phone

    @admin.display(description=gettext_lazy("proxy submitter's name"))
    def masked_proxy_name(self, obj):
        return masked(obj, "proxy_name")

    @admin.display(description=gettext_lazy("proxy submitter's resident ID number"))
    def masked_proxy_id(self, obj):
        return obj.masked_proxy_id_number

    @admin.display(description=gettext_lazy("address of the old home"))
    def masked_address(self, obj):
        return masked(obj, "old_home_address")

    @admin.display(description=gettext_lazy("property certificate number"))
    def masked_certificate(self, obj):
        return obj.masked_certificate_no

    @admin.display(description=gettext_lazy("days waiting"), ordering="status_changed_at")
    def waiting_days_display(self, obj):
        return obj.waiting_days()

    @admin.display(description=gettext_lazy("missing documents"))
    def missing_documents(self, obj):
        return len(obj.missing_document_kinds)

    @admin.display(description=gettext_lazy("same owner applied twice?"), boolean=True)
    def duplicate_flag(self, obj):
        return obj.possible_duplicate

    # --- actions --------------------------------------------------------------------
    @admin.action(description=gettext_lazy("Assign to me"), permissions=["assign"])
    def assign_to_me(self, request, queryset):
        done = 0
        for application in queryset:
            if self._refused(request, application, lambda a=application: services.application_assign(
                    application=a, reviewer=request.user, actor=request.user)):
                continue
            done += 1
        self.message_user(request, _("%(count)s applications assigned to you.") % {"count": done})

    def _refused(self, request, application, action) -> bool:
        """Run ``action``; a refusal (e.g. a conflict of interest) becomes an error message."""
        try:
            action()
        except ValidationError as exc:
            self.message_user(request, f"{application.reference}: {' '.join(exc.messages)}", messages.ERROR)
            return True
        return False

    @admin.action(description=gettext_lazy("Start review of submitted applications"), permissions=["transition"])
    def start_review(self, request, queryset):
        done = 0
        for application in queryset.filter(status=Status.SUBMITTED):
            if self._refused(request, application, lambda a=application: services.application_transition(
                    application=a, to_status=Status.UNDER_REVIEW, actor=request.user, as_staff=True)):
                continue
            done += 1
        self.message_user(request, _("%(count)s applications moved to review.") % {"count": done})

    @admin.action(description=gettext_lazy("Export selected as CSV"), permissions=["export"])
    def export_csv(self, request, queryset):
        return _csv_response(services.applications_export_csv(queryset=queryset, actor=request.user))

    @admin.action(description=gettext_lazy("Export selected as CSV with full numbers (reason required)"),
                  permissions=["export_unmasked"])
    def export_csv_unmasked(self, request, queryset):
        ids = ",".join(str(pk) for pk in queryset.values_list("pk", flat=True))
        return HttpResponseRedirect(f"{reverse('admin:housing_swap_application_export_unmasked')}?ids={ids}")

    def export_unmasked_view(self, request):
        """Ask the reason, then send the unmasked CSV (audited with the reason)."""
        if not self.has_export_unmasked_permission(request):
            raise PermissionDenied
        ids = [int(part) for part in request.GET.get("ids", "").split(",") if part.strip().isdigit()]
        queryset = Application.objects.filter(pk__in=ids)
        form = ReasonForm(request.POST if request.method == "POST" else None)
        if request.method == "POST" and form.is_valid():
            try:
                content = services.applications_export_csv(
                    queryset=queryset, actor=request.user, reason=form.cleaned_data["reason"], unmasked=True)
            except ValidationError as exc:
                form.add_error("reason", exc.messages[0])
            else:
                return _csv_response(content)
        return _form_page(
            request, self.admin_site, form=form, opts=self.model._meta,
            title=_("Export %(count)s applications with full numbers") % {"count": queryset.count()},
            intro=_("Say why the export needs the full numbers. Your name, the time and the reason are written to the audit log."),
            submit=_("Export"),
        )

    def has_assign_permission(self, request):
        return request.user.has_perm("housing_swap.assign_application")

    def has_transition_permission(self, request):
        return request.user.has_perm("housing_swap.transition_application")

    def has_export_permission(self, request):
        return request.user.has_perm("housing_swap.export_applications")

    def has_export_unmasked_permission(self, request):
        return self.has_export_permission(request) and request.user.has_perm("housing_swap.reveal_personal_data")

    # --- per-object pages -----------------------------------------------------------
    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("<int:pk>/transition/<slug:to_status>/", view(self.transition_view), name="housing_swap_application_transition"),
            path("<int:pk>/reveal/", view(self.reveal_view), name="housing_swap_application_reveal"),
            path("<int:pk>/note/", view(self.note_view), name="housing_swap_application_note"),
            path("<int:pk>/assign/", view(self.assign_view), name="housing_swap_application_assign"),
            path("export-unmasked/", view(self.export_unmasked_view), name="housing_swap_application_export_unmasked"),
            *super().get_urls(),
        ]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        obj = self.get_object(request, object_id)
        extra = dict(extra_context or {})
        if obj is not None:
            user = request.user
            extra.update({
                "transitions": [
                    (target, Status(target).label) for target in transitions.targets(obj.status, transitions.STAFF)
                ] if user.has_perm("housing_swap.transition_application") else [],
                "can_reveal": user.has_perm("housing_swap.reveal_personal_data"),
                "can_note": user.has_perm("housing_swap.add_internalnote"),
                "can_assign": user.has_perm("housing_swap.assign_application"),
                "checklist": obj.document_checklist(),
            })
            code = services.conflict(obj, user)
            if code:
                extra.update({"conflict_message": services.conflict_message(code), "transitions": [],
                              "can_reveal": False, "can_note": False, "can_assign": False})
            if services.awaiting_second_approval(obj):
                extra["second_approval"] = _(
                    "First approval given by %(name)s for %(amount)s CNY; the approval of a second, different "
                    "person is needed.") % {"name": obj.first_approval_by.get_username(), "amount": obj.first_approval_amount}
        return super().change_view(request, object_id, form_url, extra_context=extra)

    def _back(self, obj):
        return HttpResponseRedirect(reverse("admin:housing_swap_application_change", args=[obj.pk]))

    def transition_view(self, request, pk, to_status):
        obj = get_object_or_404(Application, pk=pk)
        if not request.user.has_perm("housing_swap.transition_application"):
            raise PermissionDenied
        rule = transitions.transition(obj.status, to_status)
        if rule is None or transitions.STAFF not in rule.by:
            messages.error(request, _("This change is not possible from the current status."))
            return self._back(obj)
        form = TransitionForm(request.POST if request.method == "POST" else None, rule=rule)
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            try:
                result = services.application_transition(
                    application=obj, to_status=to_status, actor=request.user, as_staff=True,
                    public_note=data.get("public_note", ""), internal_note=data.get("internal_note", ""),
                    valuation_amount=data.get("valuation_amount"), appraisal_at=data.get("appraisal_at"),
                    requested_kinds=data.get("requested_kinds"),
                )
            except ValidationError as exc:
                for field, errors in exc.message_dict.items():
                    for error in errors:
                        form.add_error(field if field in form.fields else None, error)
            else:
                if result.status != to_status:  # the first of two approvals
                    messages.warning(request, _(
                        "%(reference)s: your approval is recorded as the first of two (%(why)s); a different "
                        "person must approve it too.") % {"reference": obj.reference,
                                                          "why": "; ".join(services.second_approval_reasons(result))})
                else:
                    messages.success(request, _("%(reference)s is now: %(status)s.") % {
                        "reference": obj.reference, "status": Status(to_status).label})
                return self._back(obj)
        return _form_page(
            request, self.admin_site, form=form, obj=obj, opts=self.model._meta,
            title=_("%(reference)s: %(old)s → %(new)s") % {
                "reference": obj.reference, "old": obj.get_status_display(), "new": Status(to_status).label},
            submit=Status(to_status).label,
        )

    def reveal_view(self, request, pk):
        obj = get_object_or_404(Application, pk=pk)
        if not request.user.has_perm("housing_swap.reveal_personal_data"):
            raise PermissionDenied

        def reveal(reason):
            values = services.personal_data_reveal(application=obj, actor=request.user, reason=reason)
            result = [
                (_("Applicant name"), values["applicant_name"]),
                (_("Resident ID number"), values["id_number"]),
                (_("Mobile phone"), values["phone"]),
                (_("Property certificate number"), values["old_home_certificate_no"]),
            ]
            if obj.is_proxy or values["proxy_id_number"]:
                result.append((_("Proxy submitter's resident ID number"), values["proxy_id_number"]))
            return result

        form, result = reveal_with_reason(request, ReasonForm, reveal)
        return _form_page(
            request, self.admin_site, form=form, obj=obj, opts=self.model._meta, result=result,
            title=_("Reveal personal data of %(reference)s") % {"reference": obj.reference},
            intro=_("Say why you need the full numbers. Your name, the time and the reason are written to the audit log."),
            submit=_("Reveal"),
        )

    def note_view(self, request, pk):
        obj = get_object_or_404(Application, pk=pk)
        if not request.user.has_perm("housing_swap.add_internalnote"):
            raise PermissionDenied
        form = NoteForm(request.POST if request.method == "POST" else None)
        if request.method == "POST" and form.is_valid():
            try:
                services.internal_note_add(application=obj, author=request.user, text=form.cleaned_data["text"])
            except ValidationError as exc:
                form.add_error(None, exc.messages[0])
            else:
                messages.success(request, _("Internal note added."))
                return self._back(obj)
        return _form_page(request, self.admin_site, form=form, obj=obj, opts=self.model._meta,
                          title=_("Internal note on %(reference)s") % {"reference": obj.reference},
                          intro=_("Internal notes are never shown to the applicant."))

    def assign_view(self, request, pk):
        obj = get_object_or_404(Application, pk=pk)
        if not request.user.has_perm("housing_swap.assign_application"):
            raise PermissionDenied
        form = AssignForm(request.POST if request.method == "POST" else None, initial={"reviewer": obj.assigned_reviewer_id})
        if request.method == "POST" and form.is_valid():
            try:
                services.application_assign(application=obj, reviewer=form.cleaned_data["reviewer"], actor=request.user)
            except ValidationError as exc:
                form.add_error("reviewer", exc.messages[0])
            else:
                messages.success(request, _("Assignment saved."))
                return self._back(obj)
        return _form_page(request, self.admin_site, form=form, obj=obj, opts=self.model._meta,
                          title=_("Assign %(reference)s") % {"reference": obj.reference})
