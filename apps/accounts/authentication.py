"""DRF authentication by the portal's hashed, expiring API tokens
(``Authorization: Token <key>``, CONTRACT §4 Accounts)."""

from django.utils.translation import gettext_lazy as _
from rest_framework import authentication, exceptions

from . import services
from .models import ApiTokenKind


class ApiTokenAuthentication(authentication.BaseAuthentication):
    """``Authorization: Token <key>`` with a personal (sign-in) token. ``request.auth`` is
    the ``ApiToken``. No header: not this scheme (anonymous or another scheme); a bad,
    revoked or expired key: 401."""

    keyword = "Token"
    kind = ApiTokenKind.PERSONAL

    def authenticate(self, request):
        header = authentication.get_authorization_header(request).split()
        if not header or header[0].lower() != self.keyword.lower().encode():
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed(_("Invalid token header."))
        try:
            key = header[1].decode("ascii")
        except UnicodeError:
            raise exceptions.AuthenticationFailed(_("Invalid token.")) from None
        token = services.api_token_authenticate(key=key, kind=self.kind)
        if token is None:
            raise exceptions.AuthenticationFailed(_("Invalid, expired or revoked token."))
        return token.user, token

    def authenticate_header(self, request) -> str:
        return self.keyword


class OperatorTokenAuthentication(ApiTokenAuthentication):
    """The same header with an operator (machine) token: accepted only by operator APIs."""

    kind = ApiTokenKind.OPERATOR
