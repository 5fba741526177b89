"""Back office: projects with milestone and update inlines, a bulk "post progress" action
(with a confirmation page), CSV/Excel import of a year's list, history of every change.

New progress updates (inline or bulk) always go through
:func:`apps.projects.services.progress_update_post`, so followers are told."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from simple_history.admin import SimpleHistoryAdmin

from apps.accounts.scoping import SubDistrictScopedAdminMixin

from . import access, services
from .models import Milestone, ProgressPhoto, ProgressUpdate, Project
from .resources import ProjectResource  # noqa: F401 - imported from here by older code and tests


class MilestoneInline(admin.TabularInline):
    model = Milestone
    extra = 0
    fields = ["title", "title_en", "planned_date", "actual_date", "published_at", "is_illustrative"]


class ProgressUpdateInlineForm(forms.ModelForm):
    class Meta:
        model = ProgressUpdate
        fields = ["note", "note_en", "achieved_quantity", "progress_percent", "is_illustrative"]
        widgets = {"note": forms.Textarea(attrs={"rows": 2}), "note_en": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None:
            # Posted figures are history: only the wording of an existing update may change.
            self.fields["achieved_quantity"].disabled = True
            self.fields["progress_percent"].disabled = True

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk is None and not cleaned.get("DELETE"):
            _check_figures(self, cleaned)
        return cleaned


def _check_figures(form, cleaned) -> None:
    """The services' rule for a progress update's figures, as errors on the form's fields."""
    try:
        services.progress_figures_required(achieved_quantity=cleaned.get("achieved_quantity"),
                                           progress_percent=cleaned.get("progress_percent"))
    except ValidationError as missing:
        form.add_error(None, missing)


class ProgressUpdateInline(admin.StackedInline):
    model = ProgressUpdate
    form = ProgressUpdateInlineForm
    extra = 0
    fields = ["note", "note_en", "achieved_quantity", "progress_percent", "resulting_percent",
              "posted_at", "posted_by", "is_illustrative"]
    readonly_fields = ["resulting_percent", "posted_at", "posted_by"]
    ordering = ["-posted_at"]

    def has_add_permission(self, request, obj=None):
        return obj is not None and access.can_post_progress(request.user, obj)

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser


class BulkProgressForm(forms.Form):
    note = forms.CharField(label=_("Note"), widget=forms.Textarea(attrs={"rows": 3}))
    note_en = forms.CharField(label=_("Note (English)"), widget=forms.Textarea(attrs={"rows": 3}),
                              required=False)
    achieved_quantity = forms.DecimalField(label=_("Achieved quantity"), required=False, min_value=0)
    progress_percent = forms.DecimalField(label=_("Progress (%)"), required=False, min_value=0,
                                          max_value=100)

    def clean(self):
        cleaned = super().clean()
        _check_figures(self, cleaned)
        return cleaned


@admin.register(Project)
class ProjectAdmin(SubDistrictScopedAdminMixin, SimpleHistoryAdmin):
    sub_district_lookup = "sub_districts"
    list_display = ["code", "display_title", "year", "category", "status", "progress_percent",
                    "achieved_quantity", "target_quantity", "unit"]
    list_filter = ["year", "category", "status", "sub_districts"]
    date_hierarchy = "updated_at"
    search_fields = ["code", "title", "title_en"]
    list_select_related = ["parent"]
    autocomplete_fields = ["parent"]
    filter_horizontal = ["sub_districts"]
    raw_id_fields = ["facilities"]
    inlines = [MilestoneInline, ProgressUpdateInline]
    actions = ["post_progress"]
    fieldsets = [
        (None, {"fields": ["code", "year", "order", "category", "parent", "weight"]}),
        (_("Description"), {"fields": ["title", "title_en", "description", "description_en",
                                        "source_text", "department", "department_en"]}),
        (_("Target and progress"), {"fields": ["quantity_kind", "target_quantity", "achieved_quantity",
                                               "unit", "unit_en", "progress_method", "progress_percent"]}),
        (_("Status and dates"), {"fields": ["status", "planned_start", "planned_end", "actual_start",
                                            "actual_end"]}),
        (_("Where"), {"fields": ["sub_districts", "facilities"]}),
        (_("Publication"), {"fields": ["is_headline", "is_illustrative"]}),
    ]

    @admin.display(description=_("title"), ordering="title")
    def display_title(self, obj):
        return obj.display_title

    def get_readonly_fields(self, request, obj=None):
        # Once a project exists its figures move only through progress updates (which tell
        # the followers); the progress of a project with sub-projects is always rolled up.
        if obj is not None:
            return ["achieved_quantity", "progress_percent"]
        return []

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        user = request.user
        if (
            not user.is_superuser
            and user.has_perm(access.POST_PROGRESS)
            and not user.has_perm(access.POST_PROGRESS_ANY)
        ):
            return access.projects_postable_by(user, queryset)
        return queryset

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        services.project_progress_refresh(project=form.instance)

    def save_formset(self, request, form, formset, change):
        if formset.model is not ProgressUpdate:
            return super().save_formset(request, form, formset, change)
        instances = formset.save(commit=False)
        for update in formset.deleted_objects:
            services.progress_update_delete(update=update, actor=request.user)
        for update in instances:
            if update.pk is None:
                services.progress_update_post(
                    project=form.instance, actor=request.user, note=update.note,
                    note_en=update.note_en, achieved_quantity=update.achieved_quantity,
                    progress_percent=update.progress_percent, is_illustrative=update.is_illustrative,
                )
            else:  # wording corrections only
                services.progress_update_reword(update=update, actor=request.user, note=update.note,
                                                note_en=update.note_en, is_illustrative=update.is_illustrative)
        return None

    def has_post_progress_permission(self, request):
        return access.can_post_progress_somewhere(request.user)

    @admin.action(description=_("Post progress on the selected projects"), permissions=["post_progress"])
    def post_progress(self, request, queryset):
        allowed = list(access.projects_postable_by(request.user, queryset))
        refused = queryset.count() - len(allowed)
        if "apply" in request.POST:
            form = BulkProgressForm(request.POST)
            if form.is_valid():
                posted, failed = 0, []
                for project in allowed:
                    try:
                        services.progress_update_post(project=project, actor=request.user, **form.cleaned_data)
                    except ValidationError as error:
                        failed.append(f"{project.code}: {'; '.join(error.messages)}")
                    else:
                        posted += 1
                self.message_user(request, ngettext(
                    "Progress posted on %(count)d project.", "Progress posted on %(count)d projects.", posted
                ) % {"count": posted}, messages.SUCCESS)
                for failure in failed:
                    self.message_user(request, failure, messages.ERROR)
                return None
        else:
            form = BulkProgressForm()
        context = {
            **self.admin_site.each_context(request),
            "title": _("Post progress"),
            "opts": self.model._meta,
            "form": form,
            "projects": allowed,
            "refused": refused,
            "selected": request.POST.getlist(admin.helpers.ACTION_CHECKBOX_NAME),
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "projects/admin/post_progress.html", context)


@admin.register(Milestone)
class MilestoneAdmin(SubDistrictScopedAdminMixin, SimpleHistoryAdmin):
    sub_district_lookup = "project__sub_districts"
    list_display = ["display_title", "project", "planned_date", "actual_date", "published_at"]
    # officials: their sub-districts' milestones, those not reached yet, by planned date
    list_filter = ["project__year", "project__sub_districts", ("actual_date", admin.EmptyFieldListFilter),
                   "planned_date"]
    list_select_related = ["project"]
    search_fields = ["title", "title_en", "project__title", "project__code"]
    autocomplete_fields = ["project"]

    @admin.display(description=_("title"), ordering="title")
    def display_title(self, obj):
        return obj.display_title


class ProgressPhotoForm(forms.ModelForm):
    """A new or replaced image is resized and gets its thumbnail (services)."""

    class Meta:
        model = ProgressPhoto
        fields = ("image", "caption")

    def save(self, commit=True):
        photo = super().save(commit=False)
        if "image" in self.changed_data and photo.image:
            services.progress_photo_prepare(photo=photo)
        if commit:
            photo.save()
        return photo


class ProgressPhotoInline(admin.TabularInline):
    model = ProgressPhoto
    form = ProgressPhotoForm
    fields = ("image", "caption")
    extra = 0


@admin.register(ProgressUpdate)
class ProgressUpdateAdmin(SubDistrictScopedAdminMixin, SimpleHistoryAdmin):
    """Browse and correct the wording of updates; new ones are posted from a project."""

    sub_district_lookup = "project__sub_districts"

    list_display = ["project", "posted_at", "achieved_quantity", "progress_percent", "resulting_percent"]
    list_filter = ["project__year", "project__sub_districts"]
    list_select_related = ["project"]
    search_fields = ["note", "project__title", "project__code"]
    readonly_fields = ["project", "achieved_quantity", "progress_percent", "resulting_percent",
                       "posted_by", "posted_at"]
    fields = ["project", "note", "note_en", "achieved_quantity", "progress_percent",
              "resulting_percent", "posted_by", "posted_at", "is_illustrative"]
    inlines = [ProgressPhotoInline]

    def has_add_permission(self, request):
        return False
