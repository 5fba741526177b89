from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Frequency


class PreferencesForm(forms.Form):
    email = forms.ChoiceField(label=_("Email"), choices=Frequency.choices)
    sms = forms.ChoiceField(label=_("SMS"), choices=Frequency.choices)
    sms_quiet_start = forms.TimeField(
        label=_("SMS quiet hours from"), required=False, widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        help_text=_("Beijing time. SMS due in quiet hours wait until they end."),
    )
    sms_quiet_end = forms.TimeField(
        label=_("SMS quiet hours until"), required=False, widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
    )


class VerificationForm(forms.Form):
    """One form for both steps: ``action`` is "send" (a code to the channel's address) or
    "confirm" (with ``code``)."""

    channel = forms.ChoiceField(choices=[("email", _("Email")), ("sms", _("SMS"))], widget=forms.HiddenInput)
    action = forms.ChoiceField(choices=[("send", "send"), ("confirm", "confirm")], widget=forms.HiddenInput)
    code = forms.CharField(
        label=_("Code"), required=False, max_length=20,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code"}),
    )
