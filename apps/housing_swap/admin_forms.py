"""Forms of the back office's intermediate pages (reasons, valuations, reveals)."""

from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from . import transitions
from .models import District, DocumentKind, NewHomeProject, Ownership, Round


class RoundForm(forms.ModelForm):
    eligible_districts = forms.MultipleChoiceField(
        label=_("Eligible districts of the old home"), choices=District.choices,
        widget=forms.CheckboxSelectMultiple, required=False,
    )
    allowed_ownership = forms.MultipleChoiceField(
        label=_("Allowed ownership types"), choices=Ownership.choices,
        widget=forms.CheckboxSelectMultiple, required=False,
    )
    required_document_kinds = forms.MultipleChoiceField(
        label=_("Required documents"), choices=DocumentKind.choices,
        widget=forms.CheckboxSelectMultiple, required=False,
    )

    class Meta:
        model = Round
        fields = [
            "number", "title", "title_en", "description", "description_en", "status", "opens_at", "closes_at",
            "eligible_districts", "eligible_sub_districts", "min_area_m2", "max_area_m2",
            "min_building_age_years", "allowed_ownership", "quota", "required_document_kinds",
            "projects", "voucher_validity_days", "valuation_min_per_m2", "valuation_max_per_m2", "source_note", "source_note_en", "is_illustrative",
        ]


class TransitionForm(forms.Form):
    public_note = forms.CharField(
        label=_("Note to the applicant"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The applicant sees this note (required for a rejection or a request for documents)."),
    )
    internal_note = forms.CharField(
        label=_("Internal note"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Seen by staff only."),
    )

    def __init__(self, *args, rule: transitions.Transition, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["public_note"].required = rule.needs_reason
        if rule.needs_valuation:
            self.fields["valuation_amount"] = forms.DecimalField(
                label=_("Appraised value (CNY)"), max_digits=12, decimal_places=2, min_value=1,
            )
        if rule.needs_appointment:
            self.fields["appraisal_at"] = forms.DateTimeField(
                label=_("Appraisal visit (YYYY-MM-DD HH:MM)"),
                widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
                input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
            )
        if rule.target == "more_documents_requested":
            self.fields["requested_kinds"] = forms.MultipleChoiceField(
                label=_("Documents to ask for"), choices=DocumentKind.choices, widget=forms.CheckboxSelectMultiple,
            )


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}), min_length=5)


class NoteForm(forms.Form):
    text = forms.CharField(label=_("Internal note"), widget=forms.Textarea(attrs={"rows": 4}))


class AssignForm(forms.Form):
    reviewer = forms.ModelChoiceField(label=_("Reviewer"), queryset=get_user_model().objects.none(), required=False,
                                      empty_label=_("Nobody (unassign)"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        perm = Q(codename="transition_application", content_type__app_label="housing_swap")
        self.fields["reviewer"].queryset = (
            get_user_model().objects.filter(is_active=True)
            .filter(Q(groups__permissions__in=_perm_ids(perm)) | Q(user_permissions__in=_perm_ids(perm)) | Q(is_superuser=True))
            .distinct().order_by("username")
        )


def _perm_ids(q):
    from django.contrib.auth.models import Permission

    return Permission.objects.filter(q)


class RedeemForm(forms.Form):
    project = forms.ModelChoiceField(label=_("Partner project"), queryset=NewHomeProject.objects.filter(is_partner=True))
