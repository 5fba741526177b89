"""The sliding-window counter throttle (apps/core/throttles.py) on a controlled clock: it
counts the last ``duration`` seconds, not just the current window (no double burst at a
window's edge), refused requests do not count, ``wait()`` is the exact time until one more
request fits, and it counts in one round trip on a real Redis."""

import time

import pytest
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.test import RequestFactory
from rest_framework.throttling import SimpleRateThrottle

from apps.core.cache import ResilientRedisCache
from apps.core.throttles import SlidingWindowScopedThrottle


class _View:
    throttle_scope = "sliding-test"


@pytest.fixture
def clock(monkeypatch):
    monkeypatch.setitem(SimpleRateThrottle.THROTTLE_RATES, "sliding-test", "4/min")
    now = {"t": 0.0}
    monkeypatch.setattr(SlidingWindowScopedThrottle, "timer", lambda self: now["t"])
    return now


def ask(address="198.51.100.1"):
    """One request: (allowed, the throttle, for its wait())."""
    request = RequestFactory().get("/", REMOTE_ADDR=address)
    request.user = AnonymousUser()
    throttle = SlidingWindowScopedThrottle()
    return throttle.allow_request(request, _View()), throttle


def test_the_limit_holds_within_a_window_and_refusals_do_not_count(clock):
    clock["t"] = 10.0
    assert [ask()[0] for _ in range(4)] == [True] * 4
    refused = [ask() for _ in range(3)]
    assert [ok for ok, _ in refused] == [False] * 3
    # the window is full (4 of 4, the refusals not counted); in the next window its 4
    # requests weigh 4 x (1 - fraction): one more fits once that is 3, a quarter in
    assert refused[-1][1].wait() == pytest.approx(50.0 + 15.0)
    clock["t"] = 74.9
    assert ask()[0] is False
    clock["t"] = 75.0
    assert ask()[0] is True


def test_no_double_burst_at_the_edge_of_a_window(clock):
    clock["t"] = 59.0  # the last second of window 0
    assert [ask()[0] for _ in range(5)] == [True] * 4 + [False]
    clock["t"] = 61.0  # window 1: a plain fixed window would allow 4 more at once
    allowed, throttle = ask()
    assert allowed is False
    # 4 x (1 - f) + 1 <= 4 once f >= 1/4, i.e. at 75 s
    assert throttle.wait() == pytest.approx(14.0)
    clock["t"] = 75.0
    assert ask()[0] is True
    assert ask()[0] is False


def test_each_address_has_its_own_count(clock):
    clock["t"] = 5.0
    assert [ask("198.51.100.1")[0] for _ in range(5)] == [True] * 4 + [False]
    assert ask("198.51.100.2")[0] is True


def test_a_view_without_the_scope_is_not_throttled(clock):
    request = RequestFactory().get("/")
    request.user = AnonymousUser()
    assert SlidingWindowScopedThrottle().allow_request(request, object()) is True


@pytest.fixture
def cache_down(settings):
    settings.CACHES = {"default": {"BACKEND": "apps.core.cache.ResilientRedisCache",
                                   "LOCATION": "redis://127.0.0.1:1/0",
                                   "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1}}}
    return settings


@pytest.mark.django_db
def test_fail_open_scopes_are_let_through_when_the_cache_is_unavailable(clock, cache_down):
    cache_down.THROTTLE_FAIL_OPEN_SCOPES = ["sliding-test"]
    assert [ask()[0] for _ in range(6)] == [True] * 6


@pytest.mark.django_db
def test_other_scopes_count_in_the_database_when_the_cache_is_unavailable(clock, cache_down):
    """Issue 18 item 11: a limit holds while Redis is down (a fixed window, in the database)."""
    start = (int(time.time()) // 60 + 1) * 60  # the next minute's window (the rows end with it)
    clock["t"] = start + 10.0
    assert [ask()[0] for _ in range(6)] == [True] * 4 + [False] * 2
    refused = ask()[1]
    assert refused.wait() == pytest.approx(50.0)  # until the fixed window ends
    clock["t"] = start + 60.0
    assert ask()[0] is True


@pytest.mark.redis
def test_counting_on_a_real_redis_is_shared_and_expires():
    first = ResilientRedisCache(settings.REDIS_URL, {"OPTIONS": {}})
    second = ResilientRedisCache(settings.REDIS_URL, {"OPTIONS": {}})  # another process's
    first.delete_many(["throttle-test:1", "throttle-test:0"])
    assert first.count_request("throttle-test:1", "throttle-test:0", 30) == (1, 0)
    assert second.count_request("throttle-test:1", "throttle-test:0", 30) == (2, 0)
    first.set("throttle-test:0", 7, 30)
    assert second.count_request("throttle-test:1", "throttle-test:0", 30) == (3, 7)
    client = first._cache.get_client("throttle-test:1")
    assert 0 < client.ttl(first.make_and_validate_key("throttle-test:1")) <= 30
    second.decr("throttle-test:1")
    assert first.get("throttle-test:1") == 2
    first.delete_many(["throttle-test:1", "throttle-test:0"])
