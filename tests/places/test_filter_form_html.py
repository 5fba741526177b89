"""Every facility kind's filter form on its list page is written by ``form_controls`` (not
Django's widget templates, issue 21) and is the same HTML Django writes: the same options,
selected values, checked boxes, labels, ids, ``aria-invalid``/``aria-describedby`` and error
messages, valued or not, valid or not, in both languages."""

import pytest
from django import forms
from django.http import QueryDict
from django.urls import reverse
from django.utils import translation

import portal.urls  # noqa: F401  (every kind's filters, through its urls)
from apps.core.templatetags.form_controls import choice_inputs, control, field_errors
from apps.places.filters import FacilityFilterSet, StrictBooleanField
from tests.factories import CommunityFactory, SubDistrictFactory


def _filtersets():
    found, todo = [], [FacilityFilterSet]
    while todo:
        for sub in todo.pop().__subclasses__():
            found.append(sub)
            todo.append(sub)
    return sorted(found, key=lambda cls: cls.__qualname__)


FILTERSETS = _filtersets()


@pytest.fixture
def places(db):
    street = SubDistrictFactory(name="汉正街街道", name_en="Hanzhengjie <Sub-district>")
    other = SubDistrictFactory(name="宝丰街道", name_en="")
    return [street, other,
            CommunityFactory(sub_district=street, name="万安巷社区", name_en="Wan'anxiang & Co"),
            CommunityFactory(sub_district=other, name="宝丰社区", name_en="")]


def _queries(form, places) -> list[str]:
    """No filter; a valid value for every filter; an invalid one; and comma lists, repeats."""
    street, _other, community, _c = places
    valid, invalid, lists = [f"street={street.pk}", f"community={community.pk}"], ["street=x", "community=0"], []
    for name, field in form.fields.items():
        choices = [value for value, _label in getattr(field, "choices", []) if value != ""]
        if name in ("street", "community"):
            continue
        if choices:
            valid.append(f"{name}={choices[-1]}")
            invalid.append(f"{name}=nope%3C")
            lists.append(f"{name}={','.join(map(str, choices[:2]))}&{name}={choices[0]}")
        elif name == "search":
            valid.append("search=%E6%B1%89%22%3C")
            invalid.append("search=" + "x" * 101)
        else:  # yes/no and numbers
            valid.append(f"{name}=true" if isinstance(field, StrictBooleanField) else f"{name}={getattr(field, 'min_value', None) or 2}")
            invalid.append(f"{name}=maybe")
    return ["", "&".join(valid), "&".join(invalid), "&".join(lists), "open_now=false&search="]


@pytest.mark.parametrize("filterset_class", FILTERSETS, ids=lambda cls: cls.__name__)
@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_filter_form_is_djangos_html(places, filterset_class, language):
    with translation.override(language):
        for index, query in enumerate(_queries(filterset_class(QueryDict()).form, places)):
            ours = filterset_class(QueryDict(query)).form
            theirs = filterset_class(QueryDict(query)).form
            assert ours.is_valid() == theirs.is_valid() == (not ours.errors)
            for name in ours.fields:
                assert control(ours[name]) == str(theirs[name]), (name, query)
                assert field_errors(ours[name]) == str(theirs[name].errors), (name, query)
                if isinstance(ours.fields[name].widget, forms.RadioSelect):  # checkboxes too
                    assert [(c["tag"], c["id_for_label"], c["choice_label"]) for c in choice_inputs(ours[name])] == [
                        (w.tag(), w.id_for_label, w.choice_label) for w in theirs[name]], (name, query)
            assert set(ours.errors) == (set(ours.fields) if index == 2 else set()), query  # each one invalid


def test_list_page_shows_djangos_controls_and_errors(client, places):
    """The page itself: a bad value is a 400 page that marks the field invalid and says why,
    the good ones stay selected and ticked."""
    from apps.canteens.filters import CanteenFilter

    street, _other, community, _c = places
    query = f"street={street.pk}&community={community.pk}&meal=lunch&meal=supper&open_now=maybe&delivery=true"
    response = client.get(reverse("canteens:list") + "?" + query, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    body = response.content.decode()
    with translation.override("en"):
        form = CanteenFilter(QueryDict(query)).form
        for name in ("street", "community", "open_now", "delivery"):
            assert str(form[name]) in body, name
        for name in ("open_now", "meal"):
            assert str(form[name].errors) in body and form[name].errors, name
        for checkbox in form["meal"]:
            assert str(checkbox.tag()) in body
    assert f'<option value="{street.pk}" selected>Hanzhengjie &lt;Sub-district&gt;</option>' in body
    assert 'aria-invalid="true" aria-describedby="id_open_now_error" id="id_open_now"' in body
    assert '<input type="checkbox" name="delivery" value="true" id="id_delivery" checked>' in body


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_nearby_form_is_djangos_html(places, language):
    """The nearby page's form too (its communities grouped by sub-district)."""
    from apps.places.forms import NearbyForm

    street, _other, community, _c = places
    queries = [None, "", f"community={community.pk}&radius=2000&kind=canteen&kind=park&open_now=on",
               "lat=30.58&lon=114.25&radius=500&crs=gcj02&available=1&connector=ccs2",
               "lat=abc&lon=114.25&radius=7&kind=bogus&connector=zz&community=x&crs=nope"]
    with translation.override(language):
        for query in queries:
            ours, theirs = (NearbyForm(None if query is None else QueryDict(query)) for _ in range(2))
            assert ours.is_valid() == theirs.is_valid()
            for name in ours.fields:
                assert control(ours[name]) == str(theirs[name]), (name, query)
                assert field_errors(ours[name]) == str(theirs[name].errors), (name, query)
                if isinstance(ours.fields[name].widget, forms.RadioSelect):
                    assert [(c["tag"], c["id_for_label"], c["choice_label"]) for c in choice_inputs(ours[name])] == [
                        (w.tag(), w.id_for_label, w.choice_label) for w in theirs[name]], (name, query)
        assert "<optgroup" in control(NearbyForm(QueryDict(""))["community"])


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_place_selects_kept_per_row_are_djangos_html(places, language):
    """``place_choice`` keeps the sub-district and community selects per language and row
    chosen (apps.places.templatetags.place_choices): kept or not, Django's HTML; a value that
    is not a row's own id ("02", "x", an error) is written as ever and never kept."""
    from apps.canteens.filters import CanteenFilter
    from apps.places import reference
    from apps.places.templatetags.place_choices import place_choice

    street, other, community, _c = places
    reference.clear()
    queries = ["", f"street={street.pk}&community={community.pk}", f"street={other.pk}",
               f"street=0{street.pk}&community=0{community.pk}", "street=x&community=0", "community= "]
    with translation.override(language):
        for _round in range(2):  # written, then kept
            for query in queries:
                ours, theirs = CanteenFilter(QueryDict(query)).form, CanteenFilter(QueryDict(query)).form
                ours.is_valid()
                for name in ("street", "community"):
                    assert place_choice(ours[name]) == str(theirs[name]), (name, query)
    kept = sorted(str(key[-1]) for key in reference._kept if key[0] == "place_choice")
    assert kept == sorted(map(str, [None, street.pk, other.pk, None, community.pk])), kept
