"""Admin for places, plus reusable inlines for the domain admins.

Domain apps import ``OpeningHoursInline``, ``OpeningExceptionInline`` and
``FacilityPhotoInline``. They work on the base :class:`Facility` admin, on a domain model that
inherits Facility (multi-table inheritance) and on a domain model that extends Facility with a
``facility = OneToOneField(Facility, primary_key=True)``: in that last case the inline's rows
are attached to ``obj.facility``.
"""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.forms.models import BaseInlineFormSet
from django.template.response import TemplateResponse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from simple_history.admin import SimpleHistoryAdmin

from . import registry
from .models import Community, Facility, FacilityPhoto, OpeningException, OpeningHours, SubDistrict
from .news import hours_text
from .services import (
    facility_exceptions_saved,
    facility_hours_saved,
    facility_moved,
    facility_photo_prepare,
    validate_point,
)


def _facility_of(obj):
    if obj is None or isinstance(obj, Facility):
        return obj
    try:
        return getattr(obj, "facility", None)
    except ObjectDoesNotExist:
        return None


class FacilityInlineFormSet(BaseInlineFormSet):
    """Binds the inline rows to the Facility behind whatever admin object is edited."""

    def __init__(self, data=None, files=None, instance=None, **kwargs):
        self._owner = instance
        super().__init__(data, files, instance=_facility_of(instance), **kwargs)

    def save(self, commit=True):
        facility = _facility_of(self._owner)
        if facility is not None:  # the owner (and its facility) may have been saved since
            self.instance = facility
        watched = commit and facility is not None and facility.pk is not None
        if watched and self.model is OpeningHours:
            before = hours_text(OpeningHours.objects.filter(facility_id=facility.pk))
        saved = super().save(commit=commit)
        # the followers hear of new hours and closed days (apps.places.news), in the save's transaction
        if watched and self.model is OpeningHours:
            facility_hours_saved(facility=facility, before=before)
        elif watched and self.model is OpeningException:
            facility_exceptions_saved(facility=facility, exceptions=saved)
        return saved


class FacilityInlineMixin:
    """Lets the inline hang off a model that extends Facility one-to-one."""

    formset = FacilityInlineFormSet

    def __init__(self, parent_model, admin_site):
        if parent_model is not Facility and not issubclass(parent_model, Facility):
            parent_model = Facility
        super().__init__(parent_model, admin_site)


class OpeningHoursInline(FacilityInlineMixin, admin.TabularInline):
    model = OpeningHours
    extra = 0
    fields = ("weekday", "opens", "closes")
    verbose_name = _("opening hours")
    verbose_name_plural = _("weekly opening hours")


class OpeningExceptionInline(FacilityInlineMixin, admin.TabularInline):
    model = OpeningException
    extra = 0
    fields = ("date", "closed", "opens", "closes", "note", "note_en")


class FacilityPhotoForm(forms.ModelForm):
    """A new or replaced image is resized and gets its thumbnail (places.services)."""

    class Meta:
        model = FacilityPhoto
        fields = ("image", "caption", "order")

    def save(self, commit=True):
        photo = super().save(commit=False)
        if "image" in self.changed_data and photo.image:
            facility_photo_prepare(photo=photo)
        if commit:
            photo.save()
        return photo


class FacilityPhotoInline(FacilityInlineMixin, admin.TabularInline):
    model = FacilityPhoto
    form = FacilityPhotoForm
    extra = 0
    fields = ("image", "caption", "order")


def map_preview(obj) -> str:
    """A point preview for admin change forms: a link to OpenStreetMap (works without JS)
    and the coordinates as text."""
    facility = _facility_of(obj) or obj
    if facility is None or getattr(facility, "lat", None) is None:
        return "-"
    return format_html(
        '<span class="map-preview">{lat}, {lon} '
        '<a href="https://www.openstreetmap.org/?mlat={lat}&amp;mlon={lon}#map=17/{lat}/{lon}" '
        'rel="noopener noreferrer" target="_blank">{label}</a></span>',
        lat=f"{facility.lat:.6f}", lon=f"{facility.lon:.6f}", label=_("Show on map"),
    )


map_preview.short_description = _("map")


def _status_actions():
    from . import services

    return {
        # action name: (service, confirmation question)
        "publish": (services.facility_publish, _("Publish these facilities? They will be shown to residents.")),
        "temporarily_close": (services.facility_temporarily_close, _("Mark these facilities temporarily closed?")),
        "close": (services.facility_close,
                  _("Close these facilities for good? They stay in the records with their history.")),
        "soft_delete": (services.facility_soft_delete,
                        _("Delete these facilities? They disappear from every list but are kept with their history.")),
    }


def _status_done_message(action: str, count: int) -> str:
    if action == "publish":
        return ngettext("Published %(count)d facility.", "Published %(count)d facilities.", count) % {"count": count}
    if action == "temporarily_close":
        return ngettext("Marked %(count)d facility temporarily closed.",
                        "Marked %(count)d facilities temporarily closed.", count) % {"count": count}
    if action == "close":
        return ngettext("Closed %(count)d facility.", "Closed %(count)d facilities.", count) % {"count": count}
    return ngettext("Deleted %(count)d facility (kept in the records).",
                    "Deleted %(count)d facilities (kept in the records).", count) % {"count": count}


class FacilityStatusActionsMixin:
    """Publish / temporarily close / close / soft-delete actions for any facility admin
    (canteens, charging stations, parks), each with a confirmation page and each calling
    the places service for every row. The rows come from the change list's queryset, so a
    sub-district official's actions reach only their own rows (row scoping); each row is
    checked again with ``has_change_permission`` before the service is called."""

    confirmation_template = "places/admin/confirm_action.html"

    def _run_status_action(self, request, queryset, action: str, title):
        service, question = _status_actions()[action]
        if request.POST.get("confirmed") == "yes":
            done, refused, failed = 0, 0, []
            check = self.has_delete_permission if action == "soft_delete" else self.has_change_permission
            for obj in queryset:
                if not check(request, obj):
                    refused += 1
                    continue
                try:
                    service(facility=obj)
                except ValidationError as error:
                    failed.append(f"{obj}: {'; '.join(error.messages)}")
                else:
                    done += 1
            self.message_user(request, _status_done_message(action, done), messages.SUCCESS)
            if refused:
                self.message_user(request, ngettext(
                    "%(count)d facility was left alone: you may not change it.",
                    "%(count)d facilities were left alone: you may not change them.", refused,
                ) % {"count": refused}, messages.WARNING)
            for failure in failed:
                self.message_user(request, failure, messages.ERROR)
            return None
        context = {
            **self.admin_site.each_context(request),
            "title": title,
            "question": question,
            "objects": queryset,
            "action": request.POST.get("action"),
            "select_across": request.POST.get("select_across", "0"),
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

    @admin.action(description=_("Delete selected facilities (keep their history)"), permissions=["delete"])
    def soft_delete(self, request, queryset):
        return self._run_status_action(request, queryset, "soft_delete", _("Delete"))


# The change form's first fieldset in every facility kind's admin (its own fields follow).
FACILITY_FIELDS = (
    "name", "name_en", "address", "address_en", "community", "lat", "lon", "map_point", "phone",
    "status", "accessibility", "description", "description_en", "last_verified", "is_illustrative",
)
FACILITY_FIELDSET = (_("Facility"), {"fields": (*FACILITY_FIELDS, "deleted_at")})
# the inlines every facility kind's admin ends with (after its own)
FACILITY_INLINES = [OpeningHoursInline, OpeningExceptionInline, FacilityPhotoInline]


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


class FacilityAdminMixin(FacilityStatusActionsMixin):
    """Every facility admin: the status actions instead of a hard delete (a facility keeps
    its history), and the map preview of its point."""

    actions = ["publish", "temporarily_close", "close", "soft_delete"]

    @admin.display(description=_("map"))
    def map_point(self, obj):
        return map_preview(obj)

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)  # facilities are soft-deleted, keeping their history
        return actions


class FacilityPointForm(forms.ModelForm):
    """A facility's change form: its point is checked as the places service checks it, so
    a point off the globe is a form error, not a failure after the save."""

    def clean(self):
        data = super().clean()
        if data.get("lat") is not None and data.get("lon") is not None:
            try:
                data["lat"], data["lon"] = validate_point(data["lat"], data["lon"])
            except ValidationError as error:
                self.add_error(None, error)
        return data


class FacilityKindAdminMixin(FacilityAdminMixin):
    """What the admin of every facility kind (canteens, charging stations, parks) adds: the
    sub-district column and row scoping lookup, the map link in the list, and a move (new
    point or community) made through the places service so that nearby search and coverage
    follow. Set ``facility_kind``; put it first, before ``SubDistrictScopedAdminMixin``
    (whose empty ``sub_district_lookup`` it overrides) and ``SimpleHistoryAdmin``."""

    facility_kind = ""
    form = FacilityPointForm
    sub_district_lookup = "community__sub_district"
    date_hierarchy = "updated_at"
    readonly_fields = ("map_point", "status", "deleted_at")

    @admin.display(description=_("sub-district"), ordering="community__sub_district__order")
    def street(self, obj):
        return obj.community.sub_district

    @admin.display(description=_("map"))
    def map_link(self, obj):
        return map_preview(obj)

    def save_model(self, request, obj, form, change):
        obj.kind = self.facility_kind
        super().save_model(request, obj, form, change)  # the one save, with its history row
        if change and {"lat", "lon", "community"} & set(form.changed_data):
            facility_moved(facility=obj)


@admin.register(SubDistrict)
class SubDistrictAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "name_en", "order")
    search_fields = ("code", "name", "name_en")


@admin.register(Community)
class CommunityAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "sub_district", "population", "is_illustrative")
    list_filter = ("sub_district", "is_illustrative")
    list_select_related = ("sub_district",)
    search_fields = ("code", "name", "name_en")
    autocomplete_fields = ("sub_district",)


class KindFilter(admin.SimpleListFilter):
    """The registered kinds (``Facility.kind`` has no choices of its own)."""

    title = _("kind")
    parameter_name = "kind"

    def lookups(self, request, model_admin):
        return registry.kind_choices()

    def queryset(self, request, queryset):
        return queryset.of_kind(self.value()) if self.value() else queryset


@admin.register(Facility)
class FacilityAdmin(FacilityAdminMixin, SimpleHistoryAdmin):
    """All facilities of every kind in one list (the domain admins edit their own fields).
    The status changes only through the actions (services, with a confirmation page)."""

    list_display = ("id", "name", "kind_label", "community", "status", "is_illustrative", "deleted_at")
    list_filter = (KindFilter, "status", "community__sub_district", "is_illustrative")
    list_select_related = ("community",)
    search_fields = ("name", "name_en", "address")
    autocomplete_fields = ("community",)
    # the kind is the kind app's row's: set when that app's admin or import creates it
    readonly_fields = ("kind", "map_point", "status", "deleted_at", "created_at", "updated_at")
    inlines = [OpeningHoursInline, OpeningExceptionInline, FacilityPhotoInline]

    def has_add_permission(self, request):
        return False  # a facility is added as one of a kind, in that kind's admin
