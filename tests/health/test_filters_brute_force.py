"""The elder-care and health list APIs, walked page by page with random filter combinations
on random data, return exactly what a brute-force Python filter over every row returns (as
tests/places/test_list_filters_brute_force.py checks for the first kinds)."""

import random
from datetime import datetime

import pytest
from django.utils import timezone

from apps.eldercare.models import ElderCareSite, Level, Service
from apps.health.models import HealthInstitution, HealthService, HospitalGrade, InstitutionType
from apps.places.models import FacilityStatus
from tests.eldercare.factories import ElderCareSiteFactory
from tests.factories import CommunityFactory, SubDistrictFactory
from tests.module_data import built_once
from tests.places.test_list_filters_brute_force import (
    MOMENTS,
    _check,
    _check_open_now,
    _common,
    _facility_common,
    _listed,
)

from .factories import HealthInstitutionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def _city(django_db_setup, django_db_blocker):
    """Built once per module (3 s each time on a busy machine): the tests only read it."""
    with built_once(django_db_blocker, _build_city) as data:
        yield data


@pytest.fixture
def city(_city, db) -> dict:
    return _city


def _build_city() -> dict:
    rng = random.Random(2024)
    streets = [SubDistrictFactory() for _ in range(3)]
    communities = [CommunityFactory(sub_district=s) for s in streets for _ in range(2)]

    def status():
        return rng.choice([FacilityStatus.PUBLISHED] * 5 + [FacilityStatus.DRAFT, FacilityStatus.CLOSED])

    for i in range(40):
        site = ElderCareSiteFactory(
            community=rng.choice(communities), status=status(), name=f"站点{i}", level=rng.choice(Level.values),
            respite_beds=rng.choice([0, 0, 4]), home_service=rng.random() < 0.5,
            **{service: rng.random() < 0.5 for service in Service.values if service != Service.RESPITE_BEDS},
        )
        _facility_common(rng, site)
    for i in range(40):
        institution_type = rng.choice(InstitutionType.values)
        institution = HealthInstitutionFactory(
            community=rng.choice(communities), status=status(), name=f"机构{i}", institution_type=institution_type,
            grade=rng.choice(["", *HospitalGrade.values]) if institution_type == InstitutionType.HOSPITAL else "",
            mutual_recognition=rng.random() < 0.5, **{service: rng.random() < 0.6 for service in HealthService.values},
        )
        _facility_common(rng, institution)
    now = timezone.now()
    for model in (ElderCareSite, HealthInstitution):  # one deleted facility of each kind: never listed
        model.objects.filter(pk=model.objects.order_by("pk").first().pk).update(deleted_at=now)
    return {"streets": streets, "communities": communities}


def _some(rng, values) -> list:
    return rng.sample(list(values), rng.randint(1, 2))


def any_of(param: str, values, attribute: str):
    """A filter of several values (any of them), with its brute-force test."""
    def make(rng):
        chosen = _some(rng, values)
        return param, ",".join(chosen), lambda f: getattr(f, attribute) in chosen
    return make


def all_offered(values):
    def make(rng):
        chosen = _some(rng, values)
        return "service", ",".join(chosen), lambda f: all(getattr(f, s) for s in chosen)
    return make


def flag(param: str):
    def make(rng):
        wanted = rng.random() < 0.5
        return param, "true" if wanted else "false", lambda f: getattr(f, param) == wanted
    return make


def _walk_random_filters(api_client, city, monkeypatch, moment, url: str, model, filters) -> None:
    """Open now at ``moment``, then 15 random combinations of the shared filters and
    ``filters`` ((probability, make(rng) -> (parameter, value, test)))."""
    when = timezone.make_aware(datetime(*moment))
    monkeypatch.setattr("apps.places.filters.local_now", lambda: when)
    rng = random.Random(f"{url}{moment}")
    rows = _listed(model)
    _check_open_now(api_client, url, rows, when)
    for _ in range(15):
        query: dict = {}
        tests = _common(rng, city, query, when)
        for probability, make in filters:
            if rng.random() < probability:
                param, value, test = make(rng)
                query[param] = value
                tests.append(test)
        _check(api_client, url, query, rows, tests)


@pytest.mark.parametrize("moment", MOMENTS)
def test_eldercare_filters_equal_brute_force(api_client, city, monkeypatch, moment):
    _walk_random_filters(api_client, city, monkeypatch, moment, "/api/v1/eldercare/", ElderCareSite, [
        (0.5, all_offered(Service.values)), (0.4, any_of("level", Level.values, "level")),
        (0.3, flag("home_service")),
    ])


@pytest.mark.parametrize("moment", MOMENTS)
def test_health_filters_equal_brute_force(api_client, city, monkeypatch, moment):
    _walk_random_filters(api_client, city, monkeypatch, moment, "/api/v1/health/", HealthInstitution, [
        (0.5, all_offered(HealthService.values)), (0.4, any_of("type", InstitutionType.values, "institution_type")),
        (0.3, any_of("grade", HospitalGrade.values, "grade")), (0.3, flag("mutual_recognition")),
    ])
