"""What the list cards' template tags share (``apps/*/templatetags/*_cards.py``, parking_tags):
a card's lines written in Python once per card rather than by template loops and
``{% blocktranslate %}`` blocks per card, which Django's template engine renders at ~11 us per
loop iteration and more per block (issue 21)."""

import html

from django.conf import settings
from django.template.base import render_value_in_context
from django.utils.safestring import SafeString


def written(value, context) -> str:
    """``{{ value }}`` as a template writes it in ``context`` (``render_value_in_context``:
    localized, escaped), quicker for text and whole numbers: text is escaped as Django's
    ``escape`` does, and a whole number written without the localization that changes nothing
    for it when thousands are not grouped (5.6 us a number, three or four per card)."""
    if context.autoescape:
        if type(value) is str:
            return html.escape(value)
        if type(value) is int and not settings.USE_THOUSAND_SEPARATOR:
            return str(value)
    return render_value_in_context(value, context)


def blocktranslated(context, message: str, **values) -> SafeString:
    """``message`` (translated, with ``%(name)s`` placeholders) filled as ``{% blocktranslate
    with name=value %}`` fills it: each value written as ``{{ value }}`` writes it in
    ``context`` (localized, escaped), the sentence as translated."""
    return SafeString(message % {key: written(value, context) for key, value in values.items()})
