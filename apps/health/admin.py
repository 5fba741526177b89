from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from apps.accounts.scoping import SubDistrictScopedAdminMixin
from apps.places.admin import FACILITY_FIELDSET, FACILITY_INLINES, DeletedFilter, FacilityKindAdminMixin

from .models import KIND, HealthInstitution, HealthService


@admin.register(HealthInstitution)
class HealthInstitutionAdmin(FacilityKindAdminMixin, SubDistrictScopedAdminMixin, SimpleHistoryAdmin):
    facility_kind = KIND
    list_display = ("name", "institution_type", "grade", "community", "street", "status", "mutual_recognition",
                    "is_illustrative", "map_link")
    list_filter = ("community__sub_district", ("community", admin.RelatedOnlyFieldListFilter), "status",
                   "institution_type", "grade", *HealthService.values, "mutual_recognition", "is_illustrative",
                   DeletedFilter)
    list_select_related = ("community__sub_district",)
    search_fields = ("name", "name_en", "address", "code", "community__name")
    autocomplete_fields = ("community",)
    fieldsets = (
        FACILITY_FIELDSET,
        (_("Health institution"), {"fields": ("code", "institution_type", "grade", *HealthService.values,
                                              "mutual_recognition")}),
    )
    inlines = FACILITY_INLINES
