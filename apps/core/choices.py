"""``get_<field>_display()`` without rebuilding the field's choices on every call (issue 21).

Django's ``Model._get_FIELD_display`` builds ``dict(make_hashable(field.flatchoices))`` per
call, and hashing each lazy label translates it: a charging list page called it ~600 times,
some 3,000 translations (a fifth of its CPU; bench/lists.py). :func:`install` (from
``CoreConfig.ready()``) replaces it with the same lookup on a per-field ``{value: label}``
built once per language (and points every model's ``get_<field>_display`` at it): the labels
translated once into each language as it is first asked for, not on every call (a charging
list page still translated 270 labels per request, 1 ms; bench/lists.py), so the answer
follows the active language as before. Fields whose choices are computed (a callable) are
read Django's way, every time."""

from functools import partialmethod

from django.apps import apps
from django.db.models import Model
from django.utils.encoding import force_str
from django.utils.hashable import make_hashable
from django.utils.translation import get_language

_original = Model._get_FIELD_display
_labels: dict = {}  # (field, language) -> {value: label in that language}
_MISSING = object()


def _get_FIELD_display(self, field):  # Django's name
    key = (field, get_language())
    labels = _labels.get(key)
    if labels is None:
        if not isinstance(field.choices, (list, tuple)):  # computed choices: not cached
            return _original(self, field)
        labels = _labels[key] = {make_hashable(value): force_str(label, strings_only=True)
                                 for value, label in field.flatchoices}
    value = getattr(self, field.attname)
    label = labels.get(make_hashable(value), _MISSING)
    return force_str(value, strings_only=True) if label is _MISSING else label


def install() -> None:
    """Every model's ``get_<field>_display`` that Django made (a ``partialmethod`` of the
    original, bound when the class was built) now calls the cached lookup; one a model
    defines itself is left alone."""
    Model._get_FIELD_display = _get_FIELD_display
    for model in apps.get_models(include_auto_created=True):
        for name, attribute in list(vars(model).items()):
            if isinstance(attribute, partialmethod) and attribute.func is _original:
                setattr(model, name, partialmethod(_get_FIELD_display, **attribute.keywords))
