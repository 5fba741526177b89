"""API tokens for tests, issued through the real service (hashed, expiring)."""

from rest_framework.test import APIClient

from apps.accounts import services


def token_for(user, *, kind: str = "personal") -> str:
    """A fresh key for ``user``."""
    _token, key = services.api_token_issue(user=user, kind=kind, name="test")
    return key


def token_client(user, client: APIClient | None = None) -> APIClient:
    """An API client sending ``Authorization: Token <key>`` for ``user``."""
    client = client or APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token_for(user)}")
    return client
