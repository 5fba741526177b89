"""``manage.py check --deploy`` with production values (CONTRACT §2), in a clean process."""

import pytest

from .processes import manage, production_env

pytestmark = pytest.mark.slow


def test_check_deploy_has_no_security_warnings():
    result = manage("check", "--deploy", env=production_env())
    output = result.stdout + result.stderr
    assert "security.W" not in output and "security.E" not in output, output
    # the whole check (also other apps' schema warnings) is asserted by tests/portal/test_setup.py


def test_production_settings_are_secure_by_default():
    code = (
        "from django.conf import settings as s;"
        "print(s.DEBUG, s.SECURE_SSL_REDIRECT, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE,"
        " s.SECURE_HSTS_SECONDS >= 31536000, s.SECURE_HSTS_INCLUDE_SUBDOMAINS, s.SESSION_COOKIE_HTTPONLY,"
        " s.X_FRAME_OPTIONS, s.SECURE_CONTENT_TYPE_NOSNIFF, getattr(s, 'SECURE_PROXY_SSL_HEADER', None))"
    )
    result = manage("shell", "--no-imports", "-c", code, env=production_env())
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["False", "True", "True", "True", "True", "True", "True", "DENY", "True", "None"]


def test_a_deployment_behind_a_tls_proxy_says_so():
    code = "from django.conf import settings as s; print(s.SECURE_PROXY_SSL_HEADER)"
    result = manage("shell", "--no-imports", "-c", code, env=production_env(DJANGO_BEHIND_TLS_PROXY="1"))
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "('HTTP_X_FORWARDED_PROTO', 'https')"


def test_debug_off_without_a_secret_key_refuses_to_start():
    env = production_env()
    del env["DJANGO_SECRET_KEY"]
    result = manage("check", env=env)
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY is required" in result.stderr
