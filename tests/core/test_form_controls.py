"""``{% load form_controls %}`` writes a bound field's control and errors as Django's widget
templates do, byte for byte, and leaves widgets it does not write to Django."""

import pytest
from django import forms
from django.http import QueryDict
from django.template import Context, Template
from django.utils import translation

from apps.core.templatetags.form_controls import choice_inputs, control, field_errors

CHOICES = [("a", "A & <b>"), ("b", "B \"quoted\""), ("c", "C's")]
GROUPED = [("", "— any —"), ("Group <1>", [("x", "X"), ("y", "Y")]), ("z", "Z"), (3, 2024)]


class Everything(forms.Form):
    text = forms.CharField(required=False, max_length=10)
    number = forms.IntegerField(required=False, widget=forms.NumberInput(attrs={"min": 0, "step": "any", "autofocus": False, "readonly": True}))
    search = forms.CharField(required=False, widget=forms.TextInput(attrs={"type": "search", "placeholder": "<find>"}))
    required_text = forms.CharField()
    flag = forms.BooleanField(required=False)
    agree = forms.BooleanField()
    one = forms.ChoiceField(choices=CHOICES, required=False)
    grouped = forms.ChoiceField(choices=GROUPED, required=False)
    required_one = forms.ChoiceField(choices=[("", "Pick"), *CHOICES])
    many = forms.MultipleChoiceField(choices=CHOICES, required=False)
    boxes = forms.MultipleChoiceField(choices=CHOICES, required=False, widget=forms.CheckboxSelectMultiple)
    grouped_boxes = forms.MultipleChoiceField(choices=GROUPED[1:], required=False, widget=forms.CheckboxSelectMultiple)
    radio = forms.ChoiceField(choices=CHOICES, required=False, widget=forms.RadioSelect)
    yes_no = forms.NullBooleanField(required=False)
    helped = forms.CharField(required=False, help_text="Say <something>")
    disabled = forms.CharField(required=False, disabled=True, initial="fixed")
    # written by Django (no writer of their own): a fallback
    day = forms.DateField(required=False)
    notes = forms.CharField(required=False, widget=forms.Textarea)
    hidden = forms.CharField(required=False, widget=forms.HiddenInput)
    localized = forms.DecimalField(required=False, localize=True)


DATA = [
    None,  # unbound
    "",
    "text=hi%26there&number=7&search=a%22b&required_text=x&flag=on&agree=true&one=b&grouped=y"
    "&required_one=c&many=a&many=c&boxes=a&boxes=b&grouped_boxes=x&radio=c&yes_no=true&helped=h"
    "&day=2024-02-03&notes=n%3C&hidden=h&localized=1.5",
    "text=far+too+long+a+text&number=x&one=nope&grouped=3&required_one=&many=zz&boxes=a,b&boxes=zz"
    "&radio=zz&yes_no=maybe&agree=&day=never&localized=x&disabled=changed",
    "one=&grouped=&many=&boxes=&radio=",
]


def _forms():
    for data in DATA:
        yield Everything(None if data is None else QueryDict(data), auto_id="id_%s")
    yield Everything(QueryDict("one=a"), auto_id=False)
    yield Everything(QueryDict("one=a"), prefix="p")
    yield Everything(initial={"one": "c", "boxes": ["b"], "text": "start"})


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_every_control_and_error_list_is_djangos(language):
    with translation.override(language):
        for form in _forms():
            form.is_valid() if form.is_bound else None
            for bound in form:
                assert control(bound) == str(bound), (bound.name, form.data)
                assert field_errors(bound) == str(bound.errors), (bound.name, form.data)


@translation.override("en")
def test_invalid_values_show_their_errors_and_are_marked_invalid():
    form = Everything(QueryDict(DATA[3]))
    assert not form.is_valid()
    one = control(form["one"])
    assert 'aria-invalid="true"' in one and 'aria-describedby="id_one_error"' in one
    assert "selected" not in one  # "nope" is no option
    assert field_errors(form["one"]).startswith('<ul class="errorlist" id="id_one_error"><li>Select a valid choice.')
    assert field_errors(form["text"]) and field_errors(form["flag"]) == ""


@pytest.mark.parametrize("data", DATA[1:])
def test_choice_inputs_are_djangos_checkboxes(data):
    form = Everything(QueryDict(data))
    form.is_valid()
    for name in ("boxes", "grouped_boxes", "radio"):
        ours = [(c["tag"], c["id_for_label"], c["choice_label"]) for c in choice_inputs(form[name])]
        theirs = [(w.tag(), w.id_for_label, w.choice_label) for w in Everything(QueryDict(data))[name]]
        assert ours == theirs, name
    assert choice_inputs(form["boxes"])[1]["tag"].endswith("checked>") == ("boxes=b" in data)


def test_choice_inputs_of_other_widgets_are_djangos_own():
    form = Everything(QueryDict("one=a"))
    assert [w.tag() for w in choice_inputs(form["one"])] == [w.tag() for w in form["one"]]


def test_in_a_template():
    form = Everything(QueryDict("boxes=a&one=zz"))
    html = Template(
        "{% load form_controls %}{{ form.one|control }}{{ form.one|field_errors }}"
        "{% for c in form.boxes|choice_inputs %}{{ c.tag }}<label for=\"{{ c.id_for_label }}\">{{ c.choice_label }}</label>{% endfor %}"
    ).render(Context({"form": form}))
    django = Template(
        "{{ form.one }}{{ form.one.errors }}"
        "{% for c in form.boxes %}{{ c.tag }}<label for=\"{{ c.id_for_label }}\">{{ c.choice_label }}</label>{% endfor %}"
    ).render(Context({"form": Everything(QueryDict("boxes=a&one=zz"))}))
    assert html == django
    assert '<input type="checkbox" name="boxes" value="a" id="id_boxes_0" checked>' in html
    assert "A &amp; &lt;b&gt;" in html


def test_a_missing_field_is_nothing_as_in_django():
    html = Template(
        "{% load form_controls %}[{{ form.nope|control }}][{{ form.nope|field_errors }}]"
        "[{% for c in form.nope|choice_inputs %}x{% endfor %}]"
    ).render(Context({"form": Everything()}))
    assert html == "[][][]" == Template("[{{ form.nope }}][{{ form.nope.errors }}][{% for c in form.nope %}x{% endfor %}]").render(
        Context({"form": Everything()}))


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_options_tag_writes_what_the_template_loop_wrote(language):
    """``{% options choices selected %}``: the ``<option>``s the projects page's loops wrote,
    escaped and localized alike, the value sent (text, a number or none) selected."""
    from django.db.models import TextChoices
    from django.utils.translation import gettext_lazy

    class Kind(TextChoices):
        ONE = "one", gettext_lazy("Open now")
        TWO = "t<wo>", "Two & more"

    loop = Template('{% for value, label in choices %}<option value="{{ value }}"{% if selected == value|stringformat:"s" %}'
                    ' selected{% endif %}>{{ label }}</option>{% endfor %}')
    tag = Template("{% load form_controls %}{% options choices selected %}")
    with translation.override(language):
        for choices in (CHOICES, Kind.choices, [(2024, 2024), (2023, 2023), (12345, 12345)], []):
            for selected in (None, "", "a", "t<wo>", "2024", "12345", "nope"):
                context = {"choices": choices, "selected": selected}
                assert tag.render(Context(context)) == loop.render(Context(context)), (choices, selected)


def test_written_is_what_a_template_writes():
    """``apps.core.cards.written(value, context)``: ``{{ value }}`` in that context, for text,
    safe text, lazy text, whole numbers (negative, huge, True), decimals, floats, dates and
    nothing, escaping on and off, localization on and off, in both languages."""
    import datetime
    from decimal import Decimal

    from django.template.base import render_value_in_context
    from django.utils.safestring import mark_safe
    from django.utils.translation import gettext_lazy

    from apps.core.cards import written

    class Count(int):
        pass

    values = ["a & <b>", "", "it's \"x\"", mark_safe("<i>ok</i>"), gettext_lazy("Open now"), 0, 7, -12, 10**20,
              True, False, Count(5), Decimal("1.150"), Decimal("12000.5"), 3.25, None, datetime.date(2024, 5, 1)]
    for language in ("zh-hans", "en"):
        with translation.override(language):
            for autoescape in (True, False):
                for use_l10n in (None, False):
                    context = Context(autoescape=autoescape, use_l10n=use_l10n)
                    for value in values:
                        assert written(value, context) == render_value_in_context(value, context), (value, autoescape, use_l10n)
