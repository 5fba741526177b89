"""Back office: service standards (editable by administrators), stored results and
snapshots (read-only), the planning list and the "what if" check, and the CSV import of
communities' points, boundaries and populations."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from import_export.admin import ImportMixin

from apps.accounts.scoping import SubDistrictScopedAdminMixin
from apps.core.admin_mixins import ReadOnlyAdminMixin
from apps.places.admin import CommunityAdmin as PlacesCommunityAdmin
from apps.places.models import Community

from .forms import PlanningForm, WhatIfForm, default_kind
from .importing import CommunityResource
from .models import CoverageResult, CoverageSnapshot, ServiceStandard
from .selectors import unserved_ranked, what_if
from .services import communities_moved, coverage_recompute, standard_delete, standard_save


@admin.register(ServiceStandard)
class ServiceStandardAdmin(admin.ModelAdmin):
    list_display = ("kind", "reach_m", "applies_from", "note", "updated_at")
    list_filter = ("kind",)
    ordering = ("kind", "-applies_from")

    def save_model(self, request, obj, form, change):
        standard_save(standard=obj)

    def delete_model(self, request, obj):
        standard_delete(standard=obj)

    def delete_queryset(self, request, queryset):
        for standard in queryset:
            standard_delete(standard=standard)


class ReadOnlyAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    pass


@admin.register(CoverageResult)
class CoverageResultAdmin(ReadOnlyAdmin):
    list_display = ("community", "street", "kind", "nearest", "distance_m", "reach_m", "served", "computed_at")
    list_filter = ("kind", "served", "community__sub_district")
    list_select_related = ("community__sub_district", "nearest")
    search_fields = ("community__name", "community__code")
    actions = ["recompute"]
    change_list_template = "admin/coverage/coverageresult/change_list.html"

    @admin.display(description=_("sub-district"), ordering="community__sub_district")
    def street(self, obj):
        return obj.community.sub_district

    @admin.action(description=_("Recompute the selected communities"), permissions=["recompute"])
    def recompute(self, request, queryset):
        ids = sorted(set(queryset.values_list("community_id", flat=True)))
        kinds = sorted(set(queryset.values_list("kind", flat=True)))
        coverage_recompute(kinds=kinds, community_ids=ids)
        self.message_user(request, _("%(count)d communities recomputed.") % {"count": len(ids)}, messages.SUCCESS)

    def has_recompute_permission(self, request):
        # a write (recomputes stored results): district administrators, not read-only roles
        return request.user.has_perm("coverage.change_servicestandard")

    def get_urls(self):
        extra = [
            path("planning/", self.admin_site.admin_view(self.planning_view), name="coverage_planning"),
            path("what-if/", self.admin_site.admin_view(self.what_if_view), name="coverage_what_if"),
        ]
        return extra + super().get_urls()

    def _require_view(self, request):
        if not self.has_view_permission(request):
            raise PermissionDenied

    def planning_view(self, request):
        """For a kind, the unserved communities, most residents first."""
        self._require_view(request)
        form = PlanningForm(request.GET or {"kind": default_kind()})
        rows = []
        if form.is_valid():
            street = form.cleaned_data["street"]
            rows = unserved_ranked(kind=form.cleaned_data["kind"], street_id=street.pk if street else None)
        context = {
            **self.admin_site.each_context(request),
            "title": _("Planning: unserved communities by population"),
            "opts": self.model._meta,
            "form": form,
            "rows": rows,
            "what_if_url": reverse("admin:coverage_what_if"),
        }
        return TemplateResponse(request, "admin/coverage/planning.html", context)

    def what_if_view(self, request):
        """Which communities a facility at a candidate location would serve, and the
        district coverage before and after. Nothing is saved (GET, reads only)."""
        self._require_view(request)
        form = WhatIfForm(request.GET or None)
        result = None
        if form.is_valid():
            with transaction.atomic():
                result = what_if(kind=form.cleaned_data["kind"], lat=form.cleaned_data["lat"],
                                 lon=form.cleaned_data["lon"])
                transaction.set_rollback(True)  # belt and braces: a what-if never writes
        context = {
            **self.admin_site.each_context(request),
            "title": _("What if: a new facility at a candidate location"),
            "opts": self.model._meta,
            "form": form,
            "result": result,
            "planning_url": reverse("admin:coverage_planning"),
        }
        return TemplateResponse(request, "admin/coverage/what_if.html", context)


@admin.register(CoverageSnapshot)
class CoverageSnapshotAdmin(ReadOnlyAdmin):
    list_display = ("month", "kind", "reach_m", "served", "communities", "percent", "population_percent")
    list_filter = ("kind",)
    date_hierarchy = "month"


# Communities: the places admin, plus CSV/Excel import and export of points, boundaries
# and populations (and recomputation of a community's coverage when its point moves).
admin.site.unregister(Community)


@admin.register(Community)
class CommunityAdmin(SubDistrictScopedAdminMixin, ImportMixin, PlacesCommunityAdmin):
    """Officials see (and pick in autocompletes) only their own sub-districts' communities.
    Export goes through the back office's export of every change list (apps.backoffice)."""

    sub_district_lookup = "sub_district"
    resource_classes = [CommunityResource]

    def has_import_permission(self, request):
        return request.user.has_perms(["places.add_community", "places.change_community"])

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if not change or {"lat", "lon"} & set(form.changed_data):
            communities_moved(community_ids=[obj.pk])
