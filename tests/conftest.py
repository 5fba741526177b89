import pytest
from django.contrib.auth import get_user_model
from hypothesis import settings as hypothesis_settings
from rest_framework.test import APIClient

from tests import services
from tests.factories import verify_contacts
from tests.tokens import token_client

# Tests check correctness, not seconds: Hypothesis's 200 ms per-example deadline turned a busy
# machine (CI beside other work) into failures of tests that passed with the same seed.
hypothesis_settings.register_profile("portal", deadline=None)
hypothesis_settings.load_profile("portal")


def pytest_configure(config):
    from django.conf import settings

    # Real Argon2, cheap parameters: the suite creates hundreds of users.
    settings.PASSWORD_HASHERS = ["tests.hashers.FastArgon2PasswordHasher", *settings.PASSWORD_HASHERS]


def pytest_collection_modifyitems(config, items):
    """Tests needing a service this machine lacks are skipped with the reason, unless CI
    requires that service (``PORTAL_REQUIRE_SERVICES``): then they run and fail loudly."""
    required = services.required_services()
    for item in items:
        for marker in services.SERVICE_MARKERS:
            if item.get_closest_marker(marker) and marker not in required:
                item.add_marker(pytest.mark.needs_service_check(marker))


@pytest.fixture(autouse=True)
def _service_check(request, django_db_blocker):
    if request.node.get_closest_marker("needs_service_check") is None:
        return
    for mark in request.node.iter_markers("needs_service_check"):
        with django_db_blocker.unblock():
            reason = services.missing_reason(mark.args[0])
        if reason:
            pytest.skip(reason)


@pytest.fixture(autouse=True)
def _clear_cache():
    """Every test starts with an empty cache (throttles, cached fragments), without the
    nearby search's learnt starting box (it changes how many box queries a search makes) and
    without the sub-districts and communities kept by apps.places.reference (a rolled-back
    test's rows are deleted without the signal that clears them), without the filter values
    remembered as common (they change which queries a list makes, not its rows) and without the
    filter-bit values kept as present (apps.places.filter_bits)."""
    from django.core.cache import cache

    from apps.places import filter_bits, nearby, reference
    from apps.places.filters import forget_common_values

    cache.clear()
    nearby._start_hint.clear()
    reference.clear()
    forget_common_values()
    filter_bits.forget_values_present()
    yield


@pytest.fixture
def throttle_rate(monkeypatch):
    """Set one throttle scope's rate for a test: ``throttle_rate("nearby", "3/min")``.

    Changes the one shared rates dict in place (DRF's throttles all read it through
    ``SimpleRateThrottle``); assigning a new dict to a subclass would shadow it there for
    the rest of the run."""
    from rest_framework.throttling import SimpleRateThrottle

    def set_rate(scope: str, rate: str) -> None:
        monkeypatch.setitem(SimpleRateThrottle.THROTTLE_RATES, scope, rate)

    return set_rate


@pytest.fixture
def password():
    return "Correct-Horse-Battery-9"


@pytest.fixture
def user(db, password):
    account = get_user_model().objects.create_user(
        username="wang", password=password, email="wang@example.com"
    )
    verify_contacts([account.pk])  # the email is proven theirs (issue 18 item 8)
    return account


@pytest.fixture
def other_user(db, password):
    account = get_user_model().objects.create_user(
        username="li", password=password, email="li@example.com"
    )
    verify_contacts([account.pk])
    return account


@pytest.fixture
def api_client():
    return APIClient()


@pytest.fixture
def auth_client(user):
    return token_client(user)


@pytest.fixture
def staff_user(db, password):
    return get_user_model().objects.create_user(
        username="staff", password=password, email="staff@example.com", is_staff=True
    )


@pytest.fixture
def superuser(db, password):
    return get_user_model().objects.create_superuser(
        username="root", password=password, email="root@example.com"
    )
