from django.utils.functional import SimpleLazyObject


def _unread_count(request):
    from .selectors import unread_count

    return unread_count(user=request.user)


def notices(request):
    """The header's unread-notice count, evaluated only when a template shows it."""
    return {"unread_notices": SimpleLazyObject(lambda: _unread_count(request))}
