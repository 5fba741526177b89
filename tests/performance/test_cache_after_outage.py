"""A change made while Redis does not answer is not hidden by pages cached before the outage
(issue 9's "visible on the next request", through issue 10's outage). A real, private
redis-server is frozen (SIGSTOP: it keeps its data, every call times out, as a hung or
partitioned Redis does) while an official renames a canteen, then thawed: the next request
shows the new name, although the version bump of the rename never reached Redis."""

import os
import signal
import time

import pytest
from django.test import Client

from tests.canteens.factories import CanteenFactory
from tests.notices.worker import private_redis  # noqa: F401 - the fixture

pytestmark = [pytest.mark.redis, pytest.mark.django_db]


@pytest.fixture
def redis_cache(settings, private_redis):  # noqa: F811 - the fixture
    private_redis.start()
    settings.CACHES = {"default": {
        "BACKEND": "apps.core.cache.ResilientRedisCache", "LOCATION": private_redis.url, "KEY_PREFIX": "portal",
        "OPTIONS": {"socket_connect_timeout": 0.3, "socket_timeout": 0.3, "retry_after": 0.5},
    }}
    yield private_redis
    os.kill(private_redis.proc.pid, signal.SIGCONT)


def test_a_change_made_while_redis_hung_is_visible_once_it_answers_again(redis_cache, django_capture_on_commit_callbacks):
    from django.core.cache import cache

    client = Client()
    canteen = CanteenFactory(name="停电前食堂")
    assert "停电前食堂" in client.get("/canteens/").content.decode()
    assert "停电前食堂" in client.get("/canteens/").content.decode()  # now served from Redis

    os.kill(redis_cache.proc.pid, signal.SIGSTOP)
    with django_capture_on_commit_callbacks(execute=True):
        canteen.name = "停电中改名食堂"
        canteen.save()  # its cache version bump times out
    assert not cache.is_available
    during = client.get("/canteens/").content.decode()
    assert "停电中改名食堂" in during  # built from the database while the cache is away

    os.kill(redis_cache.proc.pid, signal.SIGCONT)
    time.sleep(0.6)  # past retry_after: the next call tries Redis again
    after = client.get("/canteens/").content.decode()
    assert cache.is_available
    assert "停电中改名食堂" in after and "停电前食堂" not in after
    # and the cache is used again from then on
    assert "停电中改名食堂" in client.get("/canteens/").content.decode()
