"""Data for the performance tests: several rows of everything a public page lists."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from apps.coverage.services import coverage_recompute, snapshot_take
from apps.parks.models import AmenityType
from apps.projects.models import Milestone
from apps.reports import services as report_services
from apps.reports.categories import categories_sync
from apps.reports.models import Status as ReportStatus
from tests.accessibility.factories import SiteFactory
from tests.canteens.factories import full_canteen
from tests.charging.factories import station_with_piles
from tests.eldercare.factories import ElderCareSiteFactory
from tests.factories import CommunityFactory, SubDistrictFactory, UserFactory
from tests.health.factories import HealthInstitutionFactory
from tests.housing_swap.factories import ProjectFactory as HomeProjectFactory
from tests.housing_swap.factories import RoundFactory
from tests.module_data import built_once
from tests.parking.factories import CarParkFactory, reported
from tests.parks.factories import park_with
from tests.projects.factories import ProgressUpdateFactory, ProjectFactory

ROWS = 6  # of each kind: enough that one query per row would blow every query ceiling


def _build() -> dict:
    follower = UserFactory(username="perf-follower")
    streets = [SubDistrictFactory(code=f"S{i}") for i in range(2)]
    communities = [CommunityFactory(sub_district=streets[i % 2], lat=30.58 + i * 0.002, lon=114.25)
                   for i in range(ROWS)]
    canteens = [full_canteen(community=c) for c in communities]
    stations = [station_with_piles(community=c) for c in communities]
    parks = [park_with(*list(AmenityType)[:2], community=c) for c in communities]
    eldercare = [ElderCareSiteFactory(community=c, lat=c.lat, lon=c.lon) for c in communities]
    car_parks = [reported(CarParkFactory(community=c, charging_site=s), 5) for c, s in zip(communities, stations)]
    sites = [SiteFactory(community=c, serves_facility=f) for c, f in zip(communities, canteens)]
    health = [HealthInstitutionFactory(community=c, lat=c.lat, lon=c.lon + 0.001) for c in communities]
    projects = []
    for i in range(ROWS):
        project = ProjectFactory(target_quantity=Decimal(100), achieved_quantity=Decimal(i * 10), is_headline=True)
        project.sub_districts.set(streets)
        project.facilities.set([canteens[i], stations[i], parks[i]])
        for j in range(3):
            Milestone.objects.create(project=project, title=f"里程碑{j}", title_en=f"Milestone {j}",
                                     published_at=timezone.now() - timedelta(days=j + 1))
            ProgressUpdateFactory(project=project)
        ProjectFactory(parent=project)
        projects.append(project)
    homes = [HomeProjectFactory() for _ in range(ROWS)]
    rounds = [RoundFactory(projects=homes) for _ in range(3)]
    for project in projects:
        project.follows.create(user=follower)
    # problem reports (Open311): on facilities and on a point, some answered
    categories_sync()
    admin = UserFactory(username="perf-admin", is_staff=True, is_superuser=True)
    reports = []
    for i in range(ROWS):
        report = report_services.report_submit(
            category="park-lighting" if i % 2 else "street-lighting", description=f"路灯不亮第{i}天",
            lat=communities[i].lat, lon=communities[i].lon, reporter=follower if i % 3 else None,
            contact_phone="13800138000",
        )
        if i % 2 == 0:
            report_services.report_transition(report=report, to_status=ReportStatus.RESOLVED, actor=admin,
                                              public_answer="路灯已经修好了")
        reports.append(report)
    # as after commit in production: coverage results stored (tests never commit)
    coverage_recompute()
    snapshot_take()
    return {"canteen": canteens[0].pk, "station": stations[0].pk, "park": parks[0].pk, "eldercare": eldercare[0].pk, "health": health[0].pk,
            "car_park": car_parks[0].pk, "site": sites[0].pk,
            "project": projects[0].pk, "round": rounds[0].pk, "home": homes[0].pk,
            "follower": follower.pk, "report": reports[0].pk}


@pytest.fixture(scope="module")
def _module_data(django_db_setup, django_db_blocker):
    """Built once per test module inside a transaction that is rolled back at its end; each
    test runs in a savepoint inside it (pytest-django's usual per-test transaction)."""
    with built_once(django_db_blocker, _build) as data:
        yield data


@pytest.fixture
def portal_data(_module_data, db) -> dict:
    return _module_data


@pytest.fixture
def portal_user(portal_data):
    """The signed-in visitor of the measured pages: follows every project."""
    return get_user_model().objects.get(pk=portal_data["follower"])
