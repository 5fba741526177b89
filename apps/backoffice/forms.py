from django import forms
from django.utils.translation import gettext_lazy as _

from .models import FileFormat


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("File"),
        help_text=_("CSV (UTF-8 or GB18030) or Excel (.xlsx), at most 10 MB; the first row names the columns."),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx"}),
    )


class ExportForm(forms.Form):
    format = forms.ChoiceField(label=_("Format"), choices=FileFormat.choices, initial=FileFormat.XLSX,
                               widget=forms.RadioSelect)
    reveal = forms.BooleanField(
        label=_("Include full personal data (not masked)"), required=False,
        help_text=_("Only if you really need it: the export is recorded in the audit log with your reason."),
    )
    reason = forms.CharField(label=_("Reason"), required=False, max_length=300)

    def __init__(self, *args, may_reveal: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if not may_reveal:
            del self.fields["reveal"]
            del self.fields["reason"]

    def clean(self):
        data = super().clean()
        if data.get("reveal") and len((data.get("reason") or "").strip()) < 5:
            self.add_error("reason", _("Say why you need the full personal data (at least 5 characters)."))
        return data
