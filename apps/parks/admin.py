from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.template.response import TemplateResponse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from apps.accounts.scoping import SubDistrictScopedAdminMixin
from apps.places import services as facility_services
from apps.places.admin import FacilityPhotoInline, OpeningExceptionInline, OpeningHoursInline
from apps.places.models import FacilityKind

from .models import Amenity, AmenityType, Park

FACILITY_FIELDS = (
    "name", "name_en", "address", "address_en", "community", "lat", "lon", "map_point", "phone",
    "status", "accessibility", "description", "description_en", "last_verified", "is_illustrative",
)

ACTIONS = {
    # action name: (service, past-tense message, confirmation question)
    "publish": (facility_services.facility_publish, _("Published %(count)d facilities."),
                _("Publish these facilities? They will be shown to residents.")),
    "temporarily_close": (facility_services.facility_temporarily_close,
                          _("Marked %(count)d facilities temporarily closed."),
                          _("Mark these facilities temporarily closed?")),
    "close": (facility_services.facility_close, _("Closed %(count)d facilities."),
              _("Close these facilities for good? They stay in the records with their history.")),
    "soft_delete": (facility_services.facility_soft_delete, _("Deleted %(count)d facilities (kept in the records)."),
                    _("Delete these facilities? They disappear from every list but are kept with their history.")),
}


def map_preview(obj) -> str:
    """The point as text and a link to OpenStreetMap (works without JavaScript)."""
    if obj is None or obj.lat is None or obj.lon is None:
        return "-"
    lat, lon = f"{obj.lat:.6f}", f"{obj.lon:.6f}"
    return format_html(
        '{}, {} <a href="https://www.openstreetmap.org/?mlat={}&amp;mlon={}#map=17/{}/{}" '
        'rel="noopener noreferrer" target="_blank">{}</a>',
        lat, lon, lat, lon, lat, lon, _("Show on map"),
    )


class FacilityStatusActionsMixin:
    """Publish / close / delete actions with a confirmation page; each calls the places service."""

    confirmation_template = "parks/admin/confirm_action.html"

    def _run_status_action(self, request, queryset, action: str, title):
        service, done, question = ACTIONS[action]
        if request.POST.get("confirmed") == "yes":
            count = 0
            for obj in queryset:
                service(facility=obj)
                count += 1
            self.message_user(request, done % {"count": count}, messages.SUCCESS)
            return None
        context = {
            **self.admin_site.each_context(request),
            "title": title,
            "question": question,
            "objects": queryset,
            "action": request.POST.get("action"),
            "opts": self.model._meta,
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, self.confirmation_template, context)

    @admin.action(description=_("Publish selected facilities"), permissions=["change"])
    def publish(self, request, queryset):
        return self._run_status_action(request, queryset, "publish", _("Publish"))

    @admin.action(description=_("Temporarily close selected facilities"), permissions=["change"])
    def temporarily_close(self, request, queryset):
        return self._run_status_action(request, queryset, "temporarily_close", _("Temporarily close"))

    @admin.action(description=_("Close selected facilities"), permissions=["change"])
    def close(self, request, queryset):
        return self._run_status_action(request, queryset, "close", _("Close"))

    @admin.action(description=_("Delete selected facilities (keep their history)"), permissions=["change"])
    def soft_delete(self, request, queryset):
        return self._run_status_action(request, queryset, "soft_delete", _("Delete"))


class AmenityFilter(admin.SimpleListFilter):
    title = _("amenity")
    parameter_name = "amenity"

    def lookups(self, request, model_admin):
        return AmenityType.choices

    def queryset(self, request, queryset):
        return queryset.with_amenities(self.value()) if self.value() else queryset


class DeletedFilter(admin.SimpleListFilter):
    title = _("deleted")
    parameter_name = "deleted"

    def lookups(self, request, model_admin):
        return [("no", _("Not deleted")), ("yes", _("Deleted"))]

    def queryset(self, request, queryset):
        if self.value() == "no":
            return queryset.filter(deleted_at__isnull=True)
        if self.value() == "yes":
            return queryset.filter(deleted_at__isnull=False)
        return queryset


class AmenityInline(admin.TabularInline):
    model = Amenity
    extra = 0
    fields = ("amenity", "note", "note_en")


@admin.register(Park)
class ParkAdmin(SubDistrictScopedAdminMixin, FacilityStatusActionsMixin, SimpleHistoryAdmin):
    sub_district_lookup = "community__sub_district"
    list_display = ("name", "park_type", "community", "street", "status", "area_m2", "parking_spaces",
                    "is_illustrative", "map_link")
    list_filter = ("community__sub_district", ("community", admin.RelatedOnlyFieldListFilter), "status",
                   "park_type", AmenityFilter, "is_illustrative", DeletedFilter)
    list_select_related = ("community__sub_district",)
    search_fields = ("name", "name_en", "address", "code", "community__name")
    autocomplete_fields = ("community",)
    readonly_fields = ("map_point", "status", "deleted_at")
    fieldsets = (
        (_("Facility"), {"fields": (*FACILITY_FIELDS, "deleted_at")}),
        (_("Park"), {"fields": ("code", "park_type", "area_m2", "green_area_m2", "opened_on", "parking_spaces")}),
    )
    inlines = [AmenityInline, OpeningHoursInline, OpeningExceptionInline, FacilityPhotoInline]
    actions = ["publish", "temporarily_close", "close", "soft_delete"]

    @admin.display(description=_("sub-district"), ordering="community__sub_district__order")
    def street(self, obj):
        return obj.community.sub_district

    @admin.display(description=_("map"))
    def map_point(self, obj):
        return map_preview(obj)

    @admin.display(description=_("map"))
    def map_link(self, obj):
        return map_preview(obj)

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions

    def save_model(self, request, obj, form, change):
        obj.kind = FacilityKind.PARK
        moved = change and {"lat", "lon", "community"} & set(form.changed_data)
        super().save_model(request, obj, form, change)
        if moved:
            facility_services.facility_move(facility=obj, lat=obj.lat, lon=obj.lon, community=obj.community)
