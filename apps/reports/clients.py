"""Who is asking, for "me too" by anonymous visitors: the client address, as the throttles
see it (``NUM_PROXIES`` trusted proxies), kept only as a keyed hash."""

from django.utils.crypto import salted_hmac
from rest_framework.throttling import BaseThrottle


def address_hash(request) -> str:
    ident = BaseThrottle().get_ident(request) or ""
    return salted_hmac("apps.reports.support-address", ident).hexdigest()
