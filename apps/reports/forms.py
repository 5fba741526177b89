"""The forms of the report pages. Only the shapes are checked here; the rules (category for
the kind of place, the district's boundary, contact formats, photos) are the services'."""

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from apps.places import crs as crs_module
from apps.places.models import Community
from apps.places.registry import kind_label

from .models import Rating
from .services.photos import MAX_PHOTOS
from .services.submit import MAX_DESCRIPTION

CRS_CHOICES = [
    (crs_module.WGS84, _("WGS-84 (GPS)")),
    (crs_module.GCJ02, _("GCJ-02 (Amap, Tencent)")),
    (crs_module.BD09, _("BD-09 (Baidu)")),
]


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class PhotosField(forms.FileField):
    """Up to ``MAX_PHOTOS`` files from one ``<input type=file multiple>``."""

    widget = MultipleFileInput

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else ([data] if data else [])
        return [super(PhotosField, self).clean(f, initial) for f in files if f]


def category_choices(categories) -> list:
    """Categories grouped by the kind of place they are about (general ones last)."""
    groups: dict[str, list] = {}
    for category in categories:
        groups.setdefault(category.kind, []).append((category.code, category.display_name))
    general = groups.pop("", [])
    choices = [("", _("Choose a category"))]
    choices += [(kind_label(kind), items) for kind, items in groups.items()]
    if general:
        choices.append((_("Any place"), general))
    return choices


def community_choices() -> list:
    groups: dict[str, list] = {}
    for community in Community.objects.select_related("sub_district").order_by("sub_district__code", "name"):
        groups.setdefault(community.sub_district.display_name, []).append((community.pk, community.display_name))
    return [("", _("Choose a community")), *groups.items()]


class ReportForm(forms.Form):
    category = forms.ChoiceField(label=_("What is the problem?"))
    description = forms.CharField(
        label=_("Describe it"), max_length=MAX_DESCRIPTION, widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("What is wrong, since when, and where exactly (at least 5 characters). Do not write names or phone numbers here: the description is public."),
    )
    community = forms.TypedChoiceField(
        label=_("Community"), coerce=int, required=False, empty_value=None,
        help_text=_("Where it is, if you do not give a point on the map."),
    )
    address = forms.CharField(label=_("Address or landmark"), max_length=300, required=False)
    lat = forms.FloatField(label=_("Latitude"), required=False, widget=forms.NumberInput(attrs={"step": "any"}))
    lon = forms.FloatField(label=_("Longitude"), required=False, widget=forms.NumberInput(attrs={"step": "any"}))
    crs = forms.ChoiceField(label=_("Coordinate system"), choices=CRS_CHOICES, initial=crs_module.WGS84, required=False)
    location_private = forms.BooleanField(
        label=_("Show the place only roughly (about 100 m) to the public"), required=False,
    )
    photos = PhotosField(label=_("Photos (optional)"), required=False)
    share_photo_location = forms.BooleanField(
        label=_("Officials may use the place where the photo was taken"), required=False,
    )
    contact_name = forms.CharField(label=_("Your name (optional)"), max_length=50, required=False)
    contact_phone = forms.CharField(label=_("Mobile number (optional)"), max_length=20, required=False)
    contact_email = forms.CharField(label=_("Email (optional)"), max_length=254, required=False)
    facility = forms.IntegerField(required=False, widget=forms.HiddenInput, min_value=1, max_value=2**62)
    confirm_new = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, categories, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = category_choices(categories)
        self.fields["community"].choices = community_choices()
        self.fields["contact_phone"].widget.attrs.update({"autocomplete": "tel", "inputmode": "tel"})
        self.fields["contact_email"].widget.attrs.update({"autocomplete": "email", "inputmode": "email"})
        self.fields["contact_name"].widget.attrs.update({"autocomplete": "name"})
        self.fields["photos"].widget.attrs.update({"accept": "image/jpeg,image/png"})
        # formatted per request (a lazy string formatted at import would keep one language)
        self.fields["photos"].help_text = gettext(
            "Up to %(n)s JPEG or PNG photos, 10 MB each. Camera data is removed.") % {"n": MAX_PHOTOS}

    def _group(self, names):
        return [self[name] for name in names]

    @property
    def problem_fields(self):
        return self._group(["category", "description", "facility", "confirm_new"])

    @property
    def place_fields(self):
        return self._group(["community", "address", "lat", "lon", "crs", "location_private"])

    @property
    def photo_fields(self):
        return self._group(["photos", "share_photo_location"])

    @property
    def contact_fields(self):
        return self._group(["contact_name", "contact_phone", "contact_email"])

    # the service's field names -> this form's
    SERVICE_FIELDS = {"address_string": "address", "report": None}

    def add_service_errors(self, error) -> None:
        for field, messages in error.message_dict.items():
            name = self.SERVICE_FIELDS.get(field, field)
            if name == "lon" and "lat" in error.message_dict and messages == error.message_dict["lat"]:
                continue  # one message for a point outside the district
            visible = name in self.fields and not self.fields[name].widget.is_hidden
            self.add_error(name if visible else None, messages)


class RateForm(forms.Form):
    rating = forms.ChoiceField(label=_("How was the answer?"), choices=Rating.choices, widget=forms.RadioSelect)
    comment = forms.CharField(label=_("Comment (optional)"), max_length=1000, required=False,
                              widget=forms.Textarea(attrs={"rows": 3}))
