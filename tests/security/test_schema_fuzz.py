"""Property-based fuzzing of the whole API from its own OpenAPI document (schemathesis).

Every operation of ``/api/schema/`` is called with generated data — schema-valid data
(positive) and schema-violating data (negative) — with a fixed seed and a bounded number of
examples, as a signed-in resident (token). Checked: never a 5xx; a documented response has the
documented content type and body; negative data is rejected with a 4xx. Operations added later
are fuzzed automatically.
"""

import pytest
import schemathesis
from django.core import signals
from django.core.handlers.wsgi import WSGIHandler
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, given, seed, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    negative_data_rejection,
    response_schema_conformance,
)

from tests.factories import UserFactory
from tests.tokens import token_for

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

SEED = 20241010
EXAMPLES = {GenerationMode.POSITIVE: 8, GenerationMode.NEGATIVE: 4}
CHECKS = {
    GenerationMode.POSITIVE: [not_a_server_error, content_type_conformance, response_schema_conformance],
    GenerationMode.NEGATIVE: [not_a_server_error, negative_data_rejection],
}
# Known problems owned by other parts of the portal: (operation, mode) -> reason. They are
# still fuzzed and printed, but do not fail the test; a 5xx never counts as known. Remove an
# entry once its owner has fixed it. (Fixed in issue 10: register's email in the 201 body,
# coverage GeoJSON's media type, form-encoded quiet hours of notices preferences.)
KNOWN_GAPS: dict[tuple[str, str], str] = {}

FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")

COUNTS = {"operations": 0, "requests": 0, "unencodable": 0}


def _unencodable_in_a_form(case) -> bool:
    """A negative example whose body is a form with nested objects: the HTTP client cannot
    encode it and sends no body at all, so the server never sees the invalid value (an empty
    PATCH is a valid no-op). Such examples are checked for 5xx only."""
    if case.media_type not in FORM_TYPES or not isinstance(case.body, dict):
        return False

    def nested(value):
        return isinstance(value, dict) or (isinstance(value, list) and any(isinstance(v, dict | list) for v in value))

    return any(nested(value) for value in case.body.values())


@pytest.fixture(scope="module")
def wsgi_app():
    return WSGIHandler()


@pytest.fixture
def no_connection_recycling():
    """As Django's test client does: the WSGI handler must not close the test's database
    connection (and with it the test transaction) at the end of each request."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


def _fuzz(operation, mode, max_examples, wsgi_app, headers):
    checks = CHECKS[mode]

    @seed(SEED)
    @settings(
        max_examples=max_examples, deadline=None, database=None, derandomize=True,
        phases=[Phase.explicit, Phase.generate], suppress_health_check=list(HealthCheck),
    )
    @given(case=operation.as_strategy(generation_mode=mode))
    def run(case):
        COUNTS["requests"] += 1
        response = case.call(app=wsgi_app, headers=headers)
        if mode is GenerationMode.NEGATIVE and _unencodable_in_a_form(case):
            COUNTS["unencodable"] += 1
            case.validate_response(response, checks=[not_a_server_error])
            return
        case.validate_response(response, checks=checks)

    return run


@pytest.mark.usefixtures("fast_hasher", "no_lockout")
def test_api_conforms_to_its_schema_under_fuzzing(wsgi_app, no_connection_recycling, capsys):
    user = UserFactory(username="fuzzer")
    token = token_for(user)
    headers = {"Authorization": f"Token {token}", "Accept-Language": "en"}
    schema = schemathesis.openapi.from_wsgi("/api/schema/?format=json", wsgi_app)
    failures: list[str] = []
    known: list[str] = []
    for result in schema.get_all_operations():
        operation = result.ok()
        COUNTS["operations"] += 1
        label = f"{operation.method.upper()} {operation.path}"
        for mode, max_examples in EXAMPLES.items():
            run = _fuzz(operation, mode, max_examples, wsgi_app, headers)
            try:
                run()
            except Unsatisfiable:
                continue
            except (Exception, BaseExceptionGroup) as exc:  # noqa: BLE001 - reported together below
                message = f"{label} [{mode.value}]: {str(exc).strip()[:1500]}"
                if (label, mode.value) in KNOWN_GAPS and "ST101" not in message:
                    known.append(f"{label} [{mode.value}]: {KNOWN_GAPS[label, mode.value]}")
                else:
                    failures.append(message)
    with capsys.disabled():
        print(f"\n[fuzz] {COUNTS['operations']} operations, {COUNTS['requests']} requests "
              f"({COUNTS['unencodable']} negative form bodies the client cannot encode: 5xx check only), "
              f"{len(failures)} failing, {len(known)} known gaps")
        for line in known:
            print(f"[fuzz] known gap: {line}")
    assert not failures, "\n\n".join(failures)
