"""API tokens for tests, issued through the real service (hashed, expiring)."""

from rest_framework.test import APIClient

from apps.accounts import services


def token_for(user, *, kind: str = "personal") -> str:
    """A fresh key for ``user``. A staff account's token is issued as the token sign-in
    issues it after a valid TOTP code (``second_factor``): the code check itself is tested
    in tests/accounts/test_staff_tokens.py."""
    _token, key = services.api_token_issue(user=user, kind=kind, name="test",
                                           second_factor=services.two_factor_required(user))
    return key


def token_client(user, client: APIClient | None = None) -> APIClient:
    """An API client sending ``Authorization: Token <key>`` for ``user``."""
    client = client or APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token_for(user)}")
    return client
