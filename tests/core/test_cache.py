"""The Redis cache falls back to "no cache" when Redis is unreachable (a real closed port,
no mocks), logs the outage once, and works normally against a real Redis."""

import logging

import pytest
from django.conf import settings
from django.test import Client

from apps.core.cache import ResilientRedisCache

CLOSED = "redis://127.0.0.1:1/0"  # nothing listens on port 1


def make_cache(location=CLOSED, **options):
    return ResilientRedisCache(
        location, {"OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1, **options}}
    )


def test_every_operation_is_a_miss_or_no_op_when_redis_is_down(caplog):
    cache = make_cache(retry_after=0)
    with caplog.at_level(logging.WARNING, logger="apps.core.cache"):
        assert cache.get("k") is None
        assert cache.get("k", "fallback") == "fallback"
        assert cache.set("k", 1) is None
        assert cache.add("k", 1) is False
        assert cache.get_many(["a", "b"]) == {}
        assert cache.set_many({"a": 1}) == ["a"]
        assert cache.has_key("k") is False
        assert cache.delete("k") is False
        cache.delete_many(["a"])
        assert cache.touch("k") is False
        assert cache.get_or_set("k", 5) == 5
        with pytest.raises(ValueError):
            cache.incr("k")
        with pytest.raises(ValueError):
            cache.decr("k")
        cache.clear()
    outage = [r for r in caplog.records if "unavailable" in r.getMessage()]
    assert len(outage) == 1, "logged once, not per call"
    assert not cache.is_available


def test_after_a_failure_redis_is_not_retried_for_a_while():
    cache = make_cache(retry_after=60)
    cache.get("k")
    assert cache._skip()


@pytest.mark.django_db
def test_browsing_registering_and_signing_in_work_without_redis(settings, password, user):
    settings.CACHES = {"default": {"BACKEND": "apps.core.cache.ResilientRedisCache", "LOCATION": CLOSED,
                                   "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1}}}
    client = Client()
    assert client.get("/accounts/login/").status_code == 200
    assert client.post("/api/v1/auth/register/", {"username": "noredis", "password": "Hankou-River-2024"},
                       content_type="application/json").status_code == 201
    token = client.post("/api/v1/auth/token/", {"username": user.username, "password": password},
                        content_type="application/json")
    assert token.status_code == 200
    assert client.post("/accounts/login/", {"username": user.username, "password": password}).status_code == 302
    assert client.get("/accounts/login/").status_code in (200, 302)


@pytest.mark.redis
def test_real_redis_round_trip_and_counters():
    cache = make_cache(settings.REDIS_URL)
    cache.set("portal-test-k", {"a": 1}, 30)
    assert cache.get("portal-test-k") == {"a": 1}
    assert cache.add("portal-test-n", 0, 30) is True
    assert cache.incr("portal-test-n") == 1
    cache.delete_many(["portal-test-k", "portal-test-n"])
    assert cache.is_available
