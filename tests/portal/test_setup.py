"""The operator-facing parts of the foundation: settings, commands, Celery, catalogues."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command

from apps.places.models import Community, SubDistrict

ROOT = Path(__file__).resolve().parents[2]


def _manage(*args, env_extra=None):
    env = {"PATH": os.environ["PATH"], "HOME": os.environ.get("HOME", "/tmp")}
    env.update(env_extra or {})
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


def test_secret_key_is_required_when_debug_is_off():
    result = _manage("check", env_extra={"DJANGO_DEBUG": "0"})
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY is required" in result.stderr


def test_makemigrations_check_needs_no_secret_key_but_nothing_else_runs_without_one():
    """Comparing models with migrations signs and serves nothing: it runs with debug off and
    no secret (developers' checks); every other command still refuses to start."""
    result = _manage("makemigrations", "--check", "--dry-run", env_extra={"DJANGO_DEBUG": "0"})
    assert result.returncode == 0, result.stderr
    assert "No changes detected" in result.stdout
    refused = _manage("migrate", "--plan", env_extra={"DJANGO_DEBUG": "0"})
    assert refused.returncode != 0 and "DJANGO_SECRET_KEY is required" in refused.stderr


def test_check_deploy_is_clean_with_production_values():
    result = _manage(
        "check", "--deploy", "--fail-level", "WARNING",
        env_extra={"DJANGO_DEBUG": "0", "DJANGO_SECRET_KEY": "x7" * 30 + "-production-like-secret"},
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "WARNINGS" not in result.stdout + result.stderr


@pytest.mark.django_db
def test_createsuperuser_noinput_from_environment(monkeypatch):
    monkeypatch.setenv("DJANGO_SUPERUSER_USERNAME", "ops")
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", "Ops-Password-2024")
    monkeypatch.setenv("DJANGO_SUPERUSER_EMAIL", "ops@example.com")
    call_command("createsuperuser", "--noinput", verbosity=0)
    user = get_user_model().objects.get(username="ops")
    assert user.is_superuser and user.check_password("Ops-Password-2024")


@pytest.mark.django_db
def test_seed_demo_loads_places_and_is_idempotent(settings, capsys):
    settings.DEBUG = True
    call_command("seed_demo")
    first = capsys.readouterr().out
    counts = (SubDistrict.objects.count(), Community.objects.count(), get_user_model().objects.count())
    call_command("seed_demo")
    assert (SubDistrict.objects.count(), Community.objects.count(), get_user_model().objects.count()) == counts
    assert counts[0] == 11
    assert counts[1] >= 90
    assert "Qiaokou-demo-2024" in first and "resident" in first


@pytest.mark.django_db
def test_seed_demo_refuses_demo_accounts_when_debug_is_off(settings, capsys):
    settings.DEBUG = False
    call_command("seed_demo")
    assert not get_user_model().objects.filter(username="admin").exists()
    assert "no demo accounts" in capsys.readouterr().out


def test_celery_is_eager_without_redis_and_configured_for_at_least_once():
    from portal.celery import app

    if not settings.REDIS_URL:
        assert app.conf.task_always_eager
    assert app.conf.task_acks_late and app.conf.task_reject_on_worker_lost
    assert app.conf.worker_prefetch_multiplier == 1
    assert app.conf.broker_transport_options["visibility_timeout"] >= 3600


def test_translation_catalogues_are_compiled_and_complete():
    call_command("translations", "check")
