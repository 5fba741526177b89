"""The one place the housing-swap scheme hands events to notices."""

from django.utils import translation

from apps.notices import events
from apps.notices.services import event_publish

from ..models import Application, Status


def _label(status: str) -> str:
    """The label's English msgid: the notices templates translate it per recipient."""
    if not status:
        return ""
    with translation.override(None):
        return str(Status(status).label)


def recipients(application: Application) -> list[int]:
    """The account that follows the case (for a proxy application, the proxy submitter)."""
    return [application.applicant_id]


def publish_status(*, application: Application, old: str, new: str, public_note: str, actor, documents=False):
    """Call inside the transaction of the change. Context holds no personal data."""
    context = {
        "reference": application.reference,
        "round": application.round.number,
        "old_status": old,
        "old_status_label": _label(old),
        "new_status": new,
        "new_status_label": _label(new),
        "public_note": public_note,
    }
    if documents:
        context["requested_document_kinds"] = list(application.requested_document_kinds)
    return event_publish(
        kind=events.APPLICATION_DOCUMENTS_REQUESTED if documents else events.APPLICATION_STATUS,
        subject=application,
        recipients=recipients(application),
        context=context,
        link=application.page_url,
        actor=actor,
    )
