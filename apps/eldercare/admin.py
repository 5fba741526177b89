from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from apps.accounts.scoping import SubDistrictScopedAdminMixin
from apps.places.admin import FACILITY_FIELDSET, FACILITY_INLINES, DeletedFilter, FacilityKindAdminMixin

from .models import KIND, ElderCareSite, Service


@admin.register(ElderCareSite)
class ElderCareSiteAdmin(FacilityKindAdminMixin, SubDistrictScopedAdminMixin, SimpleHistoryAdmin):
    facility_kind = KIND
    list_display = ("name", "level", "community", "street", "status", "respite_beds", "home_service",
                    "is_illustrative", "map_link")
    list_filter = ("community__sub_district", ("community", admin.RelatedOnlyFieldListFilter), "status", "level",
                   *Service.values[:-1], "home_service", "is_illustrative", DeletedFilter)
    list_select_related = ("community__sub_district",)
    search_fields = ("name", "name_en", "address", "operator", "code", "community__name")
    autocomplete_fields = ("community",)
    fieldsets = (
        FACILITY_FIELDSET,
        (_("Elder care"), {"fields": ("code", "level", "operator", "operator_en", "contact", "eligibility",
                                      "eligibility_en")}),
        (_("Services"), {"fields": (*Service.values, "home_service", "home_service_radius_m")}),
    )
    inlines = FACILITY_INLINES
