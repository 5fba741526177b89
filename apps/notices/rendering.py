"""Messages rendered from translatable templates, in the recipient's language.

``templates/notices/messages/<kind>/`` holds ``subject.txt``, ``body.txt`` and ``sms.txt``
(``messages/default/`` for a kind without its own). Templates get the event's context plus
``link`` (absolute), ``unsubscribe_url``, ``recipient_name`` and ``site_name``; a missing key
renders as empty, so templates stay tolerant of publishers that send fewer values.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.template import Context, TemplateDoesNotExist
from django.template.loader import select_template
from django.utils import translation

from .tokens import absolute

PARTS = ("subject", "body", "sms")


@dataclass(frozen=True)
class Message:
    subject: str
    body: str
    sms: str


def _template(kind: str, part: str):
    names = [f"notices/messages/{kind}/{part}.txt", f"notices/messages/default/{part}.txt"]
    return select_template(names).template  # the engine-level Template: autoescape is ours


def render_part(kind: str, part: str, context: dict) -> str:
    try:
        template = _template(kind, part)
    except TemplateDoesNotExist:
        return ""
    text = template.render(Context(context, autoescape=False))
    if part == "subject":
        return " ".join(text.split())[:200]
    lines = [line.rstrip() for line in text.strip().splitlines()]
    # collapse runs of blank lines left by {% if %} blocks
    out: list[str] = []
    for line in lines:
        if line or (out and out[-1]):
            out.append(line)
    return "\n".join(out).strip()


def language_of(user) -> str:
    language = getattr(user, "preferred_language", "") or settings.LANGUAGE_CODE
    return language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


def message_context(*, event, user=None, unsubscribe_url: str = "", extra: dict | None = None) -> dict:
    context = dict(event.context or {})
    context.update(
        kind=event.kind,
        link=absolute(event.link) if event.link else "",
        site_name=str(settings.PORTAL_SITE_NAME),
        unsubscribe_url=unsubscribe_url,
        recipient_name=(user.get_full_name() or user.get_username()) if user is not None else "",
        created_at=event.created_at,
    )
    if extra:
        context.update(extra)
    return context


def render(*, event, user=None, language: str | None = None, unsubscribe_url: str = "",
           parts=PARTS, extra: dict | None = None) -> Message:
    """The message for ``event`` in ``language`` (default: the user's preferred one)."""
    language = language or (language_of(user) if user is not None else translation.get_language())
    context = message_context(event=event, user=user, unsubscribe_url=unsubscribe_url, extra=extra)
    with translation.override(language):
        if translation.get_language() == "en":
            # publishers give English variants as "<key>_en" (title_en, note_en...)
            for key in [k for k in context if k.endswith("_en")]:
                if context[key] not in (None, ""):
                    context[key[:-3]] = context[key]
        values = {part: render_part(event.kind, part, context) if part in parts else "" for part in PARTS}
    return Message(**values)
