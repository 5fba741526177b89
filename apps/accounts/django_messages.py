"""Django messages whose Chinese translation Django itself lacks (its zh_Hans catalogue still
has the older wording). Listed here so ``makemessages`` extracts them into our catalogue;
never called."""

from django.utils.translation import ngettext


def _messages_for_translation() -> list[str]:  # pragma: no cover - extraction only
    return [
        ngettext(
            "This password is too short. It must contain at least %d character.",
            "This password is too short. It must contain at least %d characters.",
            1,
        ),
    ]
