"""``{{ value|marked }}``: a bilingual value as text, with a Chinese fallback on an English
page wrapped as Chinese (``lang="zh-Hans"``) and marked "in Chinese only" (see
apps/core/bilingual.py). Use it where the value stands as text, not inside an attribute."""

from django import template
from django.utils.html import format_html
from django.utils.translation import gettext as _

register = template.Library()


@register.filter
def marked(value):
    if getattr(value, "is_fallback", False):
        return format_html(
            '<span lang="zh-Hans" class="untranslated" data-fallback="zh">{}</span>'
            ' <small class="untranslated-mark">({})</small>',
            str(value), _("in Chinese only"),
        )
    return value


@register.filter
def zh_only(value):
    """Data kept in Chinese only (no English field): on an
    English page it is a marked fallback (use with ``marked``)."""
    from apps.core.bilingual import bilingual

    return bilingual(str(value or ""), "")
