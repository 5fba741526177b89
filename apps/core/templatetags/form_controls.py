"""``{% load form_controls %}``: a bound form field's control written out here, not through
Django's widget templates (issue 21: the list pages' filter forms spent a third of a request
rendering ``select.html`` and ``select_option.html`` once per option, ``input.html`` and
``attrs.html`` per checkbox and ``errors/list/default.html`` per field, even empty).

The HTML is Django's own, byte for byte: the widget's context (its value, ``checked`` and
``selected``, ids, the ``aria-invalid``/``aria-describedby`` of :meth:`BoundField.as_widget`)
comes from Django (``widget.get_context``, ``BoundField.subwidgets``); only the templates those
contexts fill are written here, as Django's own templates write them (no project overrides them:
tests/core/test_form_controls.py and tests/places/test_filter_form_html.py compare the two).
A widget whose template is not one of these (a custom widget, a date widget) is rendered by
Django as ever.

- ``{{ form.street|control }}``: as ``{{ form.street }}`` (``<select>``, ``<input>``);
- ``{{ form.street|field_errors }}``: as ``{{ form.street.errors }}``;
- ``{% for checkbox in form.meal|choice_inputs %}{{ checkbox.tag }} … {{ checkbox.id_for_label }}
  … {{ checkbox.choice_label }}{% endfor %}``: as ``{% for checkbox in form.meal %}``.
"""

import html

from django import template
from django.forms import BoundField
from django.utils.safestring import SafeString

from apps.core.cards import written

register = template.Library()

_WIDGETS = "django/forms/widgets/"
_INPUT_TEMPLATES = {_WIDGETS + name for name in (
    "input.html", "text.html", "number.html", "search.html", "email.html", "url.html", "tel.html",
    "checkbox.html",
)}
_OPTION_INPUT_TEMPLATES = {_WIDGETS + "checkbox_option.html", _WIDGETS + "radio_option.html"}
_SELECT = (_WIDGETS + "select.html", _WIDGETS + "select_option.html")

_TEXT = template.Context()  # how a template writes ``{{ value }}`` (autoescape, localisation)


def _text(value) -> str:
    return written(value, _TEXT)


def _escape(value) -> str:
    """``django.utils.html.escape``, without its lazy-argument check."""
    return html.escape(str(value))


def _attrs(attrs: dict) -> str:
    """``django/forms/widgets/attrs.html``."""
    return "".join(
        f" {_text(name)}" if value is True else f' {_text(name)}="{_escape(value)}"'
        for name, value in attrs.items() if value is not False
    )


def _input(widget: dict) -> str:
    """``django/forms/widgets/input.html``."""
    value = widget["value"]
    value = "" if value is None else f' value="{_escape(value)}"'
    return f'<input type="{_text(widget["type"])}" name="{_text(widget["name"])}"{value}{_attrs(widget["attrs"])}>'


def _option(option: dict) -> str:
    """``django/forms/widgets/select_option.html``."""
    return f'<option value="{_escape(option["value"])}"{_attrs(option["attrs"])}>{_text(option["label"])}</option>'


def _select(widget: dict) -> str:
    """``django/forms/widgets/select.html`` (each option included, with its file's newline)."""
    out = [f'<select name="{_text(widget["name"])}"{_attrs(widget["attrs"])}>']
    for group_name, options, _index in widget["optgroups"]:
        if group_name:
            out.append(f'\n  <optgroup label="{_text(group_name)}">')
        out.extend(f"\n  {_option(option)}\n" for option in options)
        if group_name:
            out.append("\n  </optgroup>")
    out.append("\n</select>")
    return "".join(out)


def _widget_attrs(bound) -> dict:
    """The attributes :meth:`BoundField.as_widget` gives the widget."""
    attrs = bound.build_widget_attrs({})
    if bound.auto_id and "id" not in bound.field.widget.attrs:
        attrs.setdefault("id", bound.auto_id)
    return attrs


@register.filter
def control(bound):
    """The field's widget, as ``{{ bound }}`` writes it."""
    if not isinstance(bound, BoundField):  # no such field: nothing, as {{ form.missing }}
        return ""
    widget = bound.field.widget
    name = widget.template_name
    if bound.field.localize or not (name in _INPUT_TEMPLATES or (name, getattr(widget, "option_template_name", None)) == _SELECT):
        return bound.as_widget()
    context = widget.get_context(bound.html_name, bound.value(), _widget_attrs(bound))["widget"]
    # Django's renderer strips what the template writes (``BaseRenderer.render``)
    return SafeString((_input(context) if name in _INPUT_TEMPLATES else _select(context)).strip())


@register.filter
def field_errors(bound):
    """The field's errors, as ``{{ bound.errors }}`` writes them (nothing when there are none;
    the list itself, rarely shown, by Django's template)."""
    if not isinstance(bound, BoundField):
        return ""
    errors = bound.form.errors.get(bound.name)
    return errors.render() if errors else ""


@register.filter
def choice_inputs(bound):
    """The field's choices as checkboxes (radio buttons), as ``{% for checkbox in bound %}``
    gives them: each with ``tag``, ``id_for_label`` and ``choice_label``."""
    if not isinstance(bound, BoundField):
        return []
    widget = bound.field.widget
    if getattr(widget, "option_template_name", None) not in _OPTION_INPUT_TEMPLATES:
        return bound.subwidgets
    return [
        {"tag": SafeString(_input(option)), "id_for_label": option["attrs"].get("id"), "choice_label": option["label"]}
        for option in (subwidget.data for subwidget in bound.subwidgets)
    ]


@register.simple_tag
def options(choices, selected):
    """``<option>``s of ``choices`` (``[(value, label)]``), the one whose value is ``selected`` (as
    text) selected, as ``{% for value, label in choices %}<option value="{{ value }}"{% if selected
    == value %} selected{% endif %}>{{ label }}</option>{% endfor %}`` writes them for a select a
    page writes itself (no form field: the projects list's year, category, status, sub-district)."""
    chosen = "" if selected is None else str(selected)
    return SafeString("".join(
        f'<option value="{_escape(value)}"{" selected" if str(value) == chosen else ""}>{_text(label)}</option>'
        for value, label in choices))
