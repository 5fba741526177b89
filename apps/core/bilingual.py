"""Bilingual data fields: Chinese (``x``) is the default language, ``x_en`` its English form.

``bilingual(zh, en)`` gives what a resident reading the current language should see: the
English form on English pages, and, where no English form exists, the Chinese text marked as
a fallback (a ``ChineseFallback``: templates show it with ``lang="zh-Hans"`` and a visible
marker through the ``marked`` filter), so an English page never passes Chinese data off as
English."""

from django.utils.translation import get_language


def english() -> bool:
    return (get_language() or "zh-hans").lower().startswith("en")


class ChineseFallback(str):
    """Chinese text shown on an English page because the data has no English form."""

    is_fallback = True


def bilingual(zh: str, en: str) -> str:
    """The current language's form of a bilingual value (Chinese fallback marked)."""
    if english():
        if en:
            return en
        if zh:
            return ChineseFallback(zh)
    return zh or ""
