"""``{% load place_choices %}``: ``{{ form.community|place_choice }}``, a sub-district or community
filter's ``<select>`` (:class:`apps.places.filters.ReferenceChoiceFilter`) as ``control`` writes it,
kept per process with the rows it lists (:mod:`apps.places.reference`: a minute at most, cleared
by a change of either) for each language and selected row.

Writing the community select's ~110 options took 0.23 ms of every list page, the sub-district's
0.05 ms (issue 21); a kept one is a dictionary lookup. Only a select showing no error, with
nothing chosen or a row chosen by its own id, is kept, so what is kept is bounded by the rows
("02", "abc" and the like are written as ever)."""

from django import template
from django.forms import BoundField
from django.utils.translation import get_language

from apps.core.templatetags.form_controls import control

from .. import reference

register = template.Library()


@register.filter
def place_choice(bound):
    if not isinstance(bound, BoundField):  # no such field: nothing, as {{ form.missing }}
        return ""
    form, raw = bound.form, bound.value()
    if form.errors.get(bound.name):
        return control(bound)
    if raw in bound.field.empty_values:
        chosen = None
    else:
        row = getattr(form, "cleaned_data", {}).get(bound.name)
        if row is None or str(raw) != str(row.pk):
            return control(bound)
        chosen = row.pk
    key = ("place_choice", bound.field.queryset.model, get_language(), bound.html_name, bound.auto_id, chosen)
    return reference.kept(key, lambda: control(bound))
