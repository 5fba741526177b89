"""Admin pieces of the shared operator machinery (:mod:`apps.accounts.operators`): a kind's
``admin.py`` registers its operator with :func:`operator_admin` (an :class:`OperatorAdmin` with
an inline of :class:`OperatorAccountInline`: its accounts), edits its facilities with
:class:`OperatedFacilityAdmin` and shows their reports with :func:`report_inline` (read-only)."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from apps.places.admin import FacilityKindAdminMixin

from .scoping import SubDistrictScopedAdminMixin


class OperatorAccountInline(admin.TabularInline):
    extra = 0
    fields = ("user", "is_active", "created_at")
    readonly_fields = ("created_at",)
    raw_id_fields = ("user",)


class OperatorAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "name_en", "phone", "is_illustrative")
    search_fields = ("code", "name", "name_en")


def operator_admin(account_model) -> type[OperatorAdmin]:
    """The admin of a kind's operator, its accounts (``account_model``) edited inline:
    ``admin.site.register(ParkingOperator, operator_admin(ParkingOperatorAccount))``."""
    operator_model = account_model._meta.get_field("operator").related_model
    inline = type(f"{operator_model.__name__}AccountInline", (OperatorAccountInline,),
                  {"model": account_model, "__module__": account_model.__module__})
    return type(f"{operator_model.__name__}Admin", (OperatorAdmin,),
                {"inlines": [inline], "__module__": account_model.__module__})


class OperatedFacilityAdmin(FacilityKindAdminMixin, SubDistrictScopedAdminMixin, SimpleHistoryAdmin):
    """The admin of a facility kind whose facilities have an ``operator`` (one of the kind's
    :class:`~apps.accounts.operators.Operator` rows): the operator shown with the row, searched
    by name and picked by autocomplete. Set ``facility_kind`` (see ``FacilityKindAdminMixin``)."""

    list_select_related = ("community__sub_district", "operator")
    search_fields = ("name", "name_en", "address", "code", "operator__name", "community__name")
    autocomplete_fields = ("community", "operator")


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


def report_inline(report_model, *reported: str) -> type[ReportInline]:
    """The :class:`ReportInline` of ``report_model``, showing its fields ``reported`` (what was
    reported) first."""
    return type(f"{report_model.__name__}Inline", (ReportInline,),
                {"model": report_model, "fields": (*reported, *ReportInline.fields),
                 "__module__": report_model.__module__})
