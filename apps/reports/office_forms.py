"""Forms of the officials' pages in the back office (the resident's forms live with their pages)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from apps.places.models import SubDistrict


class AnswerForm(forms.Form):
    public_answer = forms.CharField(label=_("Public answer"), widget=forms.Textarea(attrs={"rows": 4}),
                                    max_length=2000, required=False,
                                    help_text=_("Shown to the resident and on the public page."))
    internal_note = forms.CharField(label=_("Internal note"), widget=forms.Textarea(attrs={"rows": 2}),
                                    max_length=2000, required=False,
                                    help_text=_("Seen only by staff."))


class TransferForm(forms.Form):
    sub_district = forms.ModelChoiceField(label=_("To the sub-district"), queryset=SubDistrict.objects.none(),
                                          required=False)
    operator = forms.ChoiceField(label=_("Or to the operator"), required=False)
    reason = forms.CharField(label=_("Reason"), max_length=250, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, sub_districts, operators, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sub_district"].queryset = sub_districts
        self.fields["operator"].choices = [("", "---------"), *operators]

    def clean(self):
        data = super().clean()
        if bool(data.get("sub_district")) == bool(data.get("operator")):
            raise forms.ValidationError(_("Choose either a sub-district or an operator."))
        return data


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=250, widget=forms.Textarea(attrs={"rows": 2}),
                             help_text=_("Your name, the time and the reason are written to the audit log."))
