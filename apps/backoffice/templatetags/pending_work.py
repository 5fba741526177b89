from django import template

from apps.backoffice.pending import pending_work as _pending_work

register = template.Library()


@register.simple_tag(takes_context=True)
def pending_work(context):
    """The signed-in staff member's pending work (apps/backoffice/pending.py)."""
    request = context.get("request")
    return _pending_work(request.user) if request is not None else []
