"""apps.core.choices: get_<field>_display() answers what Django's own gives, for every choice
(and an unknown value) of every model field with choices, in both languages."""

from django.apps import apps
from django.db.models import Model
from django.utils import translation

from apps.core import choices


def test_same_labels_as_django_for_every_choice_field():
    assert Model._get_FIELD_display is choices._get_FIELD_display  # installed by CoreConfig
    checked = 0
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            if not field.choices or not isinstance(field.choices, (list, tuple)):
                continue
            obj = model()
            for value in [v for v, _label in field.flatchoices] + ["no-such-value"]:
                setattr(obj, field.attname, value)
                for language in ("zh-hans", "en"):
                    with translation.override(language):
                        ours = getattr(obj, f"get_{field.name}_display")()
                        assert ours == choices._original(obj, field), (model, field.name, value, language)
                        assert type(ours) is type(choices._original(obj, field))
                checked += 1
    assert checked > 100


def test_every_django_made_display_method_uses_the_cache():
    from functools import partialmethod

    for model in apps.get_models(include_auto_created=True):
        for klass in model.__mro__:
            for attribute in vars(klass).values():
                if isinstance(attribute, partialmethod):
                    assert attribute.func is not choices._original, (model, klass)
