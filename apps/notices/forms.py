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
