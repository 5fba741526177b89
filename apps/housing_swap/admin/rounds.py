"""Rounds (with the per-round statistics page) and new-home projects."""

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from simple_history.admin import SimpleHistoryAdmin

from .. import selectors
from ..admin_forms import RoundForm
from ..models import NewHomeProject, Round


@admin.register(NewHomeProject)
class NewHomeProjectAdmin(SimpleHistoryAdmin):
    list_display = ["name", "developer", "location", "price_min", "price_max", "units_available", "is_partner", "is_illustrative"]
    list_filter = ["is_partner", "is_illustrative", "sub_district"]
    search_fields = ["name", "name_en", "developer", "location"]


@admin.register(Round)
class RoundAdmin(SimpleHistoryAdmin):
    form = RoundForm
    list_display = ["number", "title", "status", "opens_at", "closes_at", "quota", "is_illustrative"]
    list_filter = ["status"]
    filter_horizontal = ["eligible_sub_districts", "projects"]
    fieldsets = [
        (None, {"fields": ["number", "title", "title_en", "description", "description_en", "status", "opens_at",
                           "closes_at"]}),
        (gettext_lazy("Eligible areas"), {"fields": ["eligible_districts", "eligible_sub_districts"]}),
        (gettext_lazy("Rules"), {"fields": ["min_area_m2", "max_area_m2", "min_building_age_years", "allowed_ownership", "quota"]}),
        (gettext_lazy("Valuation band (a valuation outside it needs a second approver)"), {"fields": [
            "valuation_min_per_m2", "valuation_max_per_m2"]}),
        (gettext_lazy("Offer"), {"fields": ["required_document_kinds", "projects", "voucher_validity_days"]}),
        (gettext_lazy("Source"), {"fields": ["source_note", "source_note_en", "is_illustrative"]}),
    ]

    def get_urls(self):
        return [
            path("statistics/", self.admin_site.admin_view(self.statistics_view), name="housing_swap_round_statistics"),
            *super().get_urls(),
        ]

    def statistics_view(self, request):
        if not self.has_view_permission(request):
            raise PermissionDenied
        context = {
            **self.admin_site.each_context(request),
            "title": _("Housing swap: statistics per round"),
            "rows": selectors.round_statistics(),
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "admin/housing_swap/statistics.html", context)
