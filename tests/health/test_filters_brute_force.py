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


@pytest.fixture
def city():
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


@pytest.mark.parametrize("moment", MOMENTS)
def test_eldercare_filters_equal_brute_force(api_client, city, monkeypatch, moment):
    when = timezone.make_aware(datetime(*moment))
    monkeypatch.setattr("apps.places.filters.local_now", lambda: when)
    rng = random.Random(f"eldercare{moment}")
    rows = _listed(ElderCareSite)
    _check_open_now(api_client, "/api/v1/eldercare/", rows, when)
    for _ in range(15):
        query: dict = {}
        tests = _common(rng, city, query, when)
        if rng.random() < 0.5:
            services = _some(rng, Service.values)
            query["service"] = ",".join(services)
            tests.append(lambda f, services=services: all(getattr(f, s) for s in services))
        if rng.random() < 0.4:
            levels = _some(rng, Level.values)
            query["level"] = ",".join(levels)
            tests.append(lambda f, levels=levels: f.level in levels)
        if rng.random() < 0.3:
            wanted = rng.random() < 0.5
            query["home_service"] = "true" if wanted else "false"
            tests.append(lambda f, wanted=wanted: f.home_service == wanted)
        _check(api_client, "/api/v1/eldercare/", query, rows, tests)


@pytest.mark.parametrize("moment", MOMENTS)
def test_health_filters_equal_brute_force(api_client, city, monkeypatch, moment):
    when = timezone.make_aware(datetime(*moment))
    monkeypatch.setattr("apps.places.filters.local_now", lambda: when)
    rng = random.Random(f"health{moment}")
    rows = _listed(HealthInstitution)
    _check_open_now(api_client, "/api/v1/health/", rows, when)
    for _ in range(15):
        query: dict = {}
        tests = _common(rng, city, query, when)
        if rng.random() < 0.5:
            services = _some(rng, HealthService.values)
            query["service"] = ",".join(services)
            tests.append(lambda f, services=services: all(getattr(f, s) for s in services))
        if rng.random() < 0.4:
            types = _some(rng, InstitutionType.values)
            query["type"] = ",".join(types)
            tests.append(lambda f, types=types: f.institution_type in types)
        if rng.random() < 0.3:
            grades = _some(rng, HospitalGrade.values)
            query["grade"] = ",".join(grades)
            tests.append(lambda f, grades=grades: f.grade in grades)
        if rng.random() < 0.3:
            wanted = rng.random() < 0.5
            query["mutual_recognition"] = "true" if wanted else "false"
            tests.append(lambda f, wanted=wanted: f.mutual_recognition == wanted)
        _check(api_client, "/api/v1/health/", query, rows, tests)
