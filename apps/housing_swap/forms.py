"""Forms of the applicant pages. They parse and render; the rules live in services."""

from django import forms
from django.utils.translation import gettext_lazy as _

from apps.places.models import SubDistrict

from .models import MAX_LENGTH, District, DocumentKind, NewHomeProject, Ownership, Round

MEMBER_ROWS = 6


def _blank(choices):
    return [("", "—"), *choices]


class ApplicantStepForm(forms.Form):
    is_proxy = forms.BooleanField(
        label=_("I am applying for a relative (for example an elderly parent)"), required=False,
    )
    proxy_name = forms.CharField(label=_("Your name (the person filling in the form)"), max_length=MAX_LENGTH["proxy_name"], required=False)
    proxy_relationship = forms.CharField(
        label=_("Your relationship to the owner"), max_length=MAX_LENGTH["proxy_relationship"], required=False,
        help_text=_("For example: son, daughter, spouse."),
    )
    proxy_id_number = forms.CharField(
        label=_("Your own resident ID number"), max_length=40, required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "inputmode": "text", "spellcheck": "false"}),
        help_text=_("Only when you apply for a relative. Leave blank to keep the number already saved."),
    )
    applicant_name = forms.CharField(label=_("Owner's full name"), max_length=MAX_LENGTH["applicant_name"], required=False)
    id_number = forms.CharField(
        label=_("Owner's resident ID number"), max_length=40, required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "inputmode": "text", "spellcheck": "false"}),
        help_text=_("18 characters; the last may be X. Leave blank to keep the number already saved."),
    )
    phone = forms.CharField(
        label=_("Mobile phone number"), max_length=20, required=False,
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
        help_text=_("Leave blank to keep the number already saved."),
    )


class HomeStepForm(forms.Form):
    old_home_district = forms.ChoiceField(label=_("District"), choices=District.choices, initial=District.QIAOKOU)
    old_home_sub_district = forms.ModelChoiceField(
        label=_("Sub-district (Qiaokou)"), queryset=SubDistrict.objects.all(), required=False,
    )
    old_home_address = forms.CharField(label=_("Address of the old home"), max_length=MAX_LENGTH["old_home_address"], required=False)
    old_home_certificate_no = forms.CharField(
        label=_("Property certificate number"), max_length=MAX_LENGTH["old_home_certificate_no"], required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
        help_text=_("Leave blank to keep the number already saved."),
    )
    old_home_area_m2 = forms.DecimalField(label=_("Floor area (m²)"), max_digits=9, decimal_places=2, required=False)
    old_home_building_year = forms.IntegerField(label=_("Year the building was completed"), required=False)
    old_home_ownership = forms.ChoiceField(label=_("Ownership"), choices=_blank(Ownership.choices), required=False)


class HouseholdStepForm(forms.Form):
    household_size = forms.IntegerField(label=_("Number of people in the household"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for i in range(MEMBER_ROWS):
            self.fields[f"member_{i}_name"] = forms.CharField(label=_("Name"), max_length=MAX_LENGTH["member_name"], required=False)
            self.fields[f"member_{i}_relationship"] = forms.CharField(
                label=_("Relationship"), max_length=MAX_LENGTH["member_relationship"], required=False
            )
            self.fields[f"member_{i}_birth_year"] = forms.IntegerField(label=_("Year of birth"), required=False)
            # as the API takes it (issue 18 item 3): optional, validated by the services; never
            # echoed back into the page (a blank keeps the number saved for that member)
            self.fields[f"member_{i}_id_number"] = forms.CharField(
                label=_("Resident ID number"), max_length=40, required=False,
                widget=forms.TextInput(attrs={"autocomplete": "off", "inputmode": "text", "spellcheck": "false"}),
            )

    def member_rows(self, saved=()):
        """(number, name, relationship, birth year, ID number field, masked saved ID number)."""
        saved = list(saved)
        return [
            (i + 1, self[f"member_{i}_name"], self[f"member_{i}_relationship"], self[f"member_{i}_birth_year"],
             self[f"member_{i}_id_number"], saved[i] if i < len(saved) else "")
            for i in range(MEMBER_ROWS)
        ]

    def members(self):
        return [
            {
                "name": self.cleaned_data.get(f"member_{i}_name", ""),
                "relationship": self.cleaned_data.get(f"member_{i}_relationship", ""),
                "birth_year": self.cleaned_data.get(f"member_{i}_birth_year"),
                "id_number": self.cleaned_data.get(f"member_{i}_id_number", ""),
            }
            for i in range(MEMBER_ROWS)
        ]


class ChoiceStepForm(forms.Form):
    desired_project = forms.ModelChoiceField(
        label=_("New-home project you are interested in"), queryset=NewHomeProject.objects.none(), required=False,
        empty_label=_("Not decided yet"),
    )
    consent = forms.BooleanField(label=_("I have read and agree to the statement above"), required=False)

    def __init__(self, *args, round_: Round, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["desired_project"].queryset = round_.projects.all()


class EligibilityForm(forms.Form):
    round = forms.ModelChoiceField(label=_("Round"), queryset=Round.objects.none(), empty_label=None)
    old_home_district = forms.ChoiceField(label=_("District"), choices=District.choices, initial=District.QIAOKOU)
    old_home_sub_district = forms.ModelChoiceField(
        label=_("Sub-district (Qiaokou)"), queryset=SubDistrict.objects.all(), required=False,
    )
    old_home_area_m2 = forms.DecimalField(label=_("Floor area (m²)"), max_digits=9, decimal_places=2)
    old_home_building_year = forms.IntegerField(label=_("Year the building was completed"))
    old_home_ownership = forms.ChoiceField(label=_("Ownership"), choices=Ownership.choices)

    def __init__(self, *args, rounds, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["round"].queryset = rounds


class DocumentForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind of document"), choices=DocumentKind.choices)
    file = forms.FileField(
        label=_("File (PDF, JPEG or PNG, at most 10 MB)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png"}),
    )


class WithdrawForm(forms.Form):
    note = forms.CharField(label=_("Reason (optional)"), max_length=500, required=False, widget=forms.Textarea(attrs={"rows": 3}))
