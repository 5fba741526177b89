from django import forms
from django.utils.translation import gettext_lazy as _

from . import crs, registry
from .models import Community

RADIUS_CHOICES = [
    (300, _("300 m")), (500, _("500 m")), (1000, _("1 km")), (2000, _("2 km")), (5000, _("5 km")),
    (10000, _("10 km")),
]
CRS_CHOICES = [
    (crs.WGS84, _("WGS-84 (GPS, OpenStreetMap)")),
    (crs.GCJ02, _("GCJ-02 (AMap, Tencent)")),
    (crs.BD09, _("BD-09 (Baidu)")),
]


def community_choices():
    """Communities grouped by sub-district, for a <select> with <optgroup>s (one query)."""
    groups: dict[int, tuple[str, list]] = {}
    for community in Community.objects.select_related("sub_district").order_by("sub_district__order", "code"):
        street = community.sub_district
        groups.setdefault(street.pk, (street.display_name, []))[1].append((community.pk, community.display_name))
    return [("", _("— choose a community —")), *groups.values()]


class NearbyForm(forms.Form):
    community = forms.TypedChoiceField(
        label=_("Community"), required=False, coerce=int, empty_value=None,
        help_text=_("Search around the centre of a community."),
    )
    place = forms.CharField(
        label=_("Address or landmark"), required=False, max_length=60,
        help_text=_("A community, road, park or other place by name: in Chinese, in English or by its "
                    "pinyin initials."),
    )
    lat = forms.FloatField(label=_("Latitude"), required=False, min_value=-90, max_value=90)
    lon = forms.FloatField(label=_("Longitude"), required=False, min_value=-180, max_value=180)
    crs = forms.ChoiceField(label=_("Coordinate system"), choices=CRS_CHOICES, required=False)
    radius = forms.TypedChoiceField(label=_("Within"), choices=RADIUS_CHOICES, coerce=int, initial=1000, required=False)
    kind = forms.MultipleChoiceField(
        label=_("Show"), choices=(), required=False, widget=forms.CheckboxSelectMultiple,
    )
    open_now = forms.BooleanField(label=_("Open now"), required=False)
    available = forms.BooleanField(
        label=_("Free now"), required=False,
        help_text=_("A charge point or parking space free per the operator's recent report."),
    )
    connector = forms.MultipleChoiceField(
        label=_("Connector"), required=False, widget=forms.CheckboxSelectMultiple,
        help_text=_("Charging stations with any of these connectors."),
    )
    accessible = forms.BooleanField(
        label=_("Accessible"), required=False,
        help_text=_("An accessible entrance or toilet there or within 100 m."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["community"].choices = community_choices()
        self.fields["kind"].choices = registry.kind_choices()
        self.fields["connector"].choices = registry.connector_choices()

    def filters(self):
        from .nearby_filters import NearbyFilters

        data = self.cleaned_data
        return NearbyFilters(open_now=bool(data.get("open_now")), available=bool(data.get("available")),
                             connectors=tuple(sorted(data.get("connector") or ())),
                             accessible=bool(data.get("accessible")))

    def clean(self):
        data = super().clean()
        lat, lon = data.get("lat"), data.get("lon")
        if (lat is None) != (lon is None) and not self.errors.get("lat") and not self.errors.get("lon"):
            missing = "lon" if lon is None else "lat"
            self.add_error(missing, _("Give both latitude and longitude."))
        data["radius"] = data.get("radius") or 1000
        data["crs"] = data.get("crs") or crs.WGS84
        # issue 19: a place name is the starting point unless coordinates are given
        self.place_matches = []
        if data.get("place") and data.get("lat") is None and not self.errors.get("lat"):
            from . import gazetteer

            self.place_matches = gazetteer.search(data["place"])
            if not self.place_matches:
                self.add_error("place", _("No community, road or place called “%(name)s” was found. Try another "
                                          "spelling, the pinyin initials or pick a community.") % {"name": data["place"]})
        return data

    def origin(self):
        """(lat, lon) in WGS-84 and a description of where the search is from, or None."""
        data = self.cleaned_data
        if data.get("lat") is not None and data.get("lon") is not None:
            lat, lon = crs.to_wgs84(data["crs"], data["lat"], data["lon"])
            return lat, lon, None
        if getattr(self, "place_matches", None):
            best = self.place_matches[0]
            return best.lat, best.lon, best
        if data.get("community"):
            community = Community.objects.filter(pk=data["community"]).first()
            if community is not None:
                return community.lat, community.lon, community
        return None
