from django import forms
from django.utils.translation import gettext_lazy as _


class PasswordAgainForm(forms.Form):
    password = forms.CharField(
        label=_("Your password"), strip=False, max_length=128,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )


class DeleteAccountForm(PasswordAgainForm):
    confirm = forms.BooleanField(
        label=_("I understand that my account is closed for good and cannot be restored."),
    )
