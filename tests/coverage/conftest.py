import pytest

from tests.factories import CommunityFactory, FacilityFactory, SubDistrictFactory

# A small district: two sub-districts, communities on a line 1 km apart (about 0.009 deg
# of latitude), facilities placed by the tests.
LAT0, LON0 = 30.58, 114.25
KM_LAT = 1000 / 111_195.08  # degrees of latitude per km on the contract's sphere


@pytest.fixture
def district(db):
    east = SubDistrictFactory(code="S1", name="东街道", name_en="East")
    west = SubDistrictFactory(code="S2", name="西街道", name_en="West")
    communities = []
    for i in range(6):
        communities.append(
            CommunityFactory(
                code=f"K{i}", name=f"社区{i}", name_en=f"Community {i}",
                sub_district=east if i < 3 else west,
                lat=LAT0 + i * KM_LAT, lon=LON0, population=1000 * (i + 1),
            )
        )
    return {"streets": [east, west], "communities": communities}


@pytest.fixture
def canteen_near_first(district):
    """A canteen 300 m north of community 0: serves community 0 only (reach 1,000 m,
    community 1 is 700 m away... so it serves 0 and 1)."""
    c0 = district["communities"][0]
    return FacilityFactory(kind="canteen", community=c0, lat=c0.lat + 0.3 * KM_LAT, lon=c0.lon)


@pytest.fixture
def eager_celery():
    """Run tasks in-process even when REDIS_URL configures a real broker (the PostgreSQL +
    Redis pass): these tests are about what the task does, not about delivery."""
    from portal.celery import app

    previous = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = previous
