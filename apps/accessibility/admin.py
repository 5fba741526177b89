from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from apps.accounts.scoping import SubDistrictScopedAdminMixin
from apps.places.admin import FACILITY_FIELDSET, DeletedFilter, FacilityKindAdminMixin, FacilityPhotoInline

from .models import KIND, AccessibilitySite


@admin.register(AccessibilitySite)
class AccessibilitySiteAdmin(FacilityKindAdminMixin, SubDistrictScopedAdminMixin, SimpleHistoryAdmin):
    """The feature codes (``accessibility``) follow the type and condition on save."""

    facility_kind = KIND
    list_display = ("name", "site_type", "condition", "serves_facility", "community", "street", "status",
                    "built_in", "is_illustrative", "map_link")
    list_filter = ("community__sub_district", "status", "site_type", "condition", "built_in", "is_illustrative",
                   DeletedFilter)
    list_select_related = ("community__sub_district", "serves_facility")
    search_fields = ("name", "name_en", "address", "code", "serves_address", "community__name")
    autocomplete_fields = ("community",)
    raw_id_fields = ("serves_facility",)
    readonly_fields = (*FacilityKindAdminMixin.readonly_fields, "accessibility")
    fieldsets = (
        FACILITY_FIELDSET,
        (_("Accessibility site"), {"fields": ("code", "site_type", "condition", "serves_facility", "serves_address",
                                              "serves_address_en", "built_in")}),
    )
    inlines = [FacilityPhotoInline]
