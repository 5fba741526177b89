"""Redis unreachable (issue 10), against real services: a throwaway redis-server is the
broker *and* the cache of this process and of a real ``celery -A portal worker``; it is
stopped, then started again on the same port.

While it is down: pages render (the cache falls back to misses), a resident applies for the
housing swap and uploads a document, an official posts a project progress update; each
answers as usual and the notices they cause wait in the outbox (``created``). When Redis is
back, the sweeper run by the worker delivers every one of them exactly once, and the cache
is used again.

Lockouts and throttles with Redis down (issue 18 item 11), against a Redis address nothing
listens on (every call refused at once): failed sign-ins still lock out (the counters are in
the database, as django-axes' are), and the throttle scopes in ``THROTTLE_FAIL_CLOSED_SCOPES``
refuse with 429 instead of letting everything through; the others let browsing go on."""

from collections import Counter
from io import StringIO

import pytest
from django.contrib.auth.models import Permission
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import Count

from apps.housing_swap.models import Application, ApplicationDocument, DocumentKind
from apps.notices import tasks as notice_tasks
from apps.notices.models import Channel, Event, Notice, NoticeStatus
from apps.projects.models import Follow, ProgressUpdate
from tests.factories import UserFactory
from tests.housing_swap.factories import PDF_BYTES, RoundFactory, payload
from tests.notices.factories import make_followers
from tests.notices.worker import broker, emails_in, wait_until
from tests.otp import staff_login
from tests.projects.factories import ProjectFactory

REAL_SERVICES = [
    pytest.mark.postgres, pytest.mark.redis, pytest.mark.worker, pytest.mark.slow,
    pytest.mark.django_db(transaction=True),
]


def real_services(test):
    """A real PostgreSQL, redis-server and Celery worker (slow)."""
    for mark in REAL_SERVICES:
        test = mark(test)
    return test


@pytest.fixture
def cache_on(settings):
    """Point this process's cache at a given Redis (the portal's resilient backend)."""

    def point(url: str):
        settings.CACHES = {
            "default": {
                "BACKEND": "apps.core.cache.ResilientRedisCache", "LOCATION": url, "KEY_PREFIX": "portal",
                "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1, "retry_after": 0},
            }
        }

    return point


@real_services
def test_browsing_applying_and_posting_with_redis_down_then_delivered_once(
    celery_worker_factory, private_redis, cache_on, client, api_client, settings
):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    private_redis.start()
    cache_on(private_redis.url)
    worker = celery_worker_factory(broker_url=private_redis.url, NOTICES_SWEEP_AFTER_SECONDS="0")

    # people and things that exist before the outage
    resident = UserFactory(username="applicant_down", email="applicant_down@example.com")
    round_ = RoundFactory()
    project = ProjectFactory(code="P-DOWN", target_quantity=100, achieved_quantity=0)
    official = UserFactory(username="official_down", is_staff=True, is_superuser=True)
    official.user_permissions.add(*Permission.objects.filter(codename="post_progress"))
    follower_ids = make_followers(12, prefix="downfollow")
    Follow.objects.bulk_create([Follow(user_id=pk, project=project) for pk in follower_ids])
    assert cache.set("before", 1) is None and cache.get("before") == 1  # the cache works

    private_redis.stop()
    with broker(private_redis.url):
        # browsing
        for path in ("/", "/projects/", f"/projects/{project.pk}/", "/housing-swap/", "/accounts/login/"):
            response = client.get(path)
            assert response.status_code == 200, (path, response.status_code)
        assert cache.get("before") is None  # a miss, not an error
        assert not cache.is_available

        # applying for the housing swap: submit, then upload a document
        staff_login(client, resident)
        api_client.force_authenticate(resident)
        data = payload(round_)
        response = api_client.post("/api/v1/housing-swap/applications/", data, format="json")
        assert response.status_code == 201, response.content
        application = Application.objects.get(applicant=resident)
        upload = SimpleUploadedFile("id.pdf", PDF_BYTES, content_type="application/pdf")
        response = api_client.post(
            f"/api/v1/housing-swap/applications/{application.pk}/documents/",
            {"kind": DocumentKind.ID_CARD, "file": upload}, format="multipart",
        )
        assert response.status_code == 201, response.content
        assert client.get(application.page_url).status_code == 200

        # posting a project progress update (every follower is to be told)
        api_client.force_authenticate(official)
        response = api_client.post(f"/api/v1/projects/{project.pk}/updates/",
                                   {"progress_percent": "40", "note": "外墙完工"}, format="json")
        assert response.status_code == 201, response.content

    assert ApplicationDocument.objects.filter(application=application).count() == 1
    assert ProgressUpdate.objects.filter(project=project).count() == 1
    waiting = Notice.objects.exclude(channel=Channel.IN_APP)
    events = set(Event.objects.values_list("pk", flat=True))
    assert Notice.objects.filter(recipient_id__in=follower_ids, channel=Channel.EMAIL).count() == 12
    assert waiting.exists()
    assert set(waiting.values_list("status", flat=True)) == {NoticeStatus.CREATED}  # in the outbox

    private_redis.start()  # the same port again
    with broker(private_redis.url):
        wait_until(worker.ready, timeout=120, interval=1, what="the worker to reconnect")

        def delivered():
            notice_tasks.sweep.delay()  # the beat entry "notices-sweep", run by the worker
            return not waiting.exclude(status=NoticeStatus.SENT).exists()

        wait_until(delivered, timeout=180, interval=2, what="the sweeper to deliver what waited")

    # nothing lost, nothing twice
    assert set(Event.objects.values_list("pk", flat=True)) == events
    doubled = Notice.objects.values("event_id", "recipient_id", "channel").annotate(n=Count("id")).filter(n__gt=1)
    assert not doubled.exists()
    messages = [m for m in emails_in(celery_worker_factory.email_dir) if m["X-Portal-Notice"]]
    per_notice = Counter(m["X-Portal-Notice"] for m in messages)
    assert set(per_notice.values()) == {1}, per_notice.most_common(3)
    assert len(per_notice) == Notice.objects.filter(channel=Channel.EMAIL).count()
    assert {m["To"] for m in messages} >= {f"downfollow{i}@example.com" for i in range(12)}

    # and the cache is used again
    cache.set("after", 2)
    assert cache.get("after") == 2
    assert cache.is_available


# --- lockouts and throttles (issue 18 item 11) ---------------------------------------------

DEAD_REDIS = "redis://127.0.0.1:1/0"  # nothing listens on port 1: connection refused


@pytest.fixture
def redis_down(cache_on, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    cache_on(DEAD_REDIS)
    cache.get("probe")
    assert not cache.is_available
    return settings


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/accounts/login/", "/api/v1/auth/token/"])
def test_sign_in_lockout_holds_with_redis_down(redis_down, client, user, password, url):
    redis_down.AUTH_FAILURE_LIMIT_PER_USER = 3
    extra = {"content_type": "application/json"} if url.startswith("/api/") else {}
    codes = [client.post(url, {"username": user.username, "password": "a-guess"}, **extra).status_code
             for _ in range(3)]
    assert 429 not in codes
    blocked = client.post(url, {"username": user.username, "password": password}, **extra)
    assert blocked.status_code == 429 and int(blocked["Retry-After"]) > 0


@pytest.mark.django_db
def test_admin_lockout_holds_with_redis_down(redis_down, client, staff_user, password):
    redis_down.AXES_FAILURE_LIMIT = 2
    for _ in range(2):
        client.post("/admin/login/?next=/admin/", {"username": staff_user.username, "password": "a-guess"})
    locked = client.post("/admin/login/?next=/admin/", {"username": staff_user.username, "password": password})
    assert locked.status_code == 429


@pytest.mark.django_db
def test_two_factor_password_recheck_lockout_holds_with_redis_down(redis_down, client, staff_user):
    from django.core.management import call_command

    redis_down.AUTH_FAILURE_LIMIT_PER_USER = 2
    call_command("invite_two_factor", staff_user.username, stdout=StringIO())
    client.force_login(staff_user)
    codes = [client.post("/accounts/two-factor/", {"action": "enrol", "password": f"guess-{i}"}).status_code
             for i in range(3)]
    assert codes == [400, 400, 429]


REGISTER = "/api/v1/auth/register/"
WEAK = {"username": "newcomer", "password": "short"}  # refused (400), but counted


@pytest.mark.django_db
def test_throttles_count_in_the_database_while_redis_is_down(redis_down, api_client, throttle_rate):
    throttle_rate("register", "2/hour")
    codes = [api_client.post(REGISTER, WEAK, format="json").status_code for _ in range(3)]
    assert codes == [400, 400, 429]
    blocked = api_client.post(REGISTER, WEAK, format="json")
    assert blocked.status_code == 429 and 0 < int(blocked["Retry-After"]) <= 3600


@pytest.mark.django_db
def test_fail_closed_scopes_refuse_while_redis_is_down(redis_down, api_client):
    redis_down.THROTTLE_FAIL_CLOSED_SCOPES = ["register"]
    response = api_client.post(REGISTER, {"username": "newcomer", "password": "Correct-Horse-Battery-9"},
                               format="json")
    assert response.status_code == 429
    assert int(response["Retry-After"]) == redis_down.THROTTLE_FAIL_CLOSED_RETRY_SECONDS
    from django.contrib.auth import get_user_model

    assert not get_user_model().objects.filter(username="newcomer").exists()


@pytest.mark.django_db
def test_nearby_is_counted_in_the_database_while_redis_is_down(redis_down, api_client, throttle_rate):
    throttle_rate("nearby", "1/min")
    codes = [api_client.get("/api/v1/nearby/", {"lat": "30.58", "lon": "114.25"}).status_code for _ in range(3)]
    assert codes == [200, 429, 429]


@pytest.mark.django_db
def test_fail_open_scopes_let_browsing_go_on_while_redis_is_down(redis_down, api_client, throttle_rate, settings):
    settings.THROTTLE_FAIL_OPEN_SCOPES = ["nearby"]  # a deployment's choice
    throttle_rate("nearby", "1/min")
    codes = [api_client.get("/api/v1/nearby/", {"lat": "30.58", "lon": "114.25"}).status_code for _ in range(3)]
    assert codes == [200, 200, 200]


@pytest.mark.django_db
def test_page_limits_count_in_the_database_while_redis_is_down(redis_down, user, throttle_rate):
    """A plain page with the API's limit (``page_throttle_wait``, e.g. applying for the
    housing swap from the form) is counted per account and per address the same way."""
    from rest_framework.test import APIRequestFactory

    from apps.core.throttles import page_throttle_wait

    throttle_rate("application_submit", "1/hour")
    request = APIRequestFactory().post("/housing-swap/apply/")
    request.user = user
    assert page_throttle_wait(request, "application_submit") is None
    assert 0 < page_throttle_wait(request, "application_submit") <= 3600
    redis_down.THROTTLE_FAIL_CLOSED_SCOPES = ["application_submit"]
    assert page_throttle_wait(request, "application_submit") == redis_down.THROTTLE_FAIL_CLOSED_RETRY_SECONDS
