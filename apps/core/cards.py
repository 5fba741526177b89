"""What the list cards' template tags share (``apps/*/templatetags/*_cards.py``, parking_tags):
a card's lines written in Python once per card rather than by template loops and
``{% blocktranslate %}`` blocks per card, which Django's template engine renders at ~11 us per
loop iteration and more per block (issue 21)."""

from django.template.base import render_value_in_context
from django.utils.safestring import SafeString


def blocktranslated(context, message: str, **values) -> SafeString:
    """``message`` (translated, with ``%(name)s`` placeholders) filled as ``{% blocktranslate
    with name=value %}`` fills it: each value written as ``{{ value }}`` writes it in
    ``context`` (localized, escaped), the sentence as translated."""
    return SafeString(message % {key: render_value_in_context(value, context) for key, value in values.items()})
