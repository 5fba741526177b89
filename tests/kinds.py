"""Fixtures every facility kind's test package uses (``tests/<app>/conftest.py``):
``seeded_places``, ``command`` (a stand-in for a management command), ``facility_admin``
(staff with every permission of the kind's app and of places) and ``admin_client`` (signed in
as that staff member, second factor passed: ``tests.otp.staff_login``)."""

import io

import pytest


class FakeCommand:
    def __init__(self):
        self.stdout = io.StringIO()
        self.demo_accounts = []


def kind_fixtures(app_label: str) -> tuple:
    @pytest.fixture
    def seeded_places(db):
        from apps.places import seed as places_seed

        places_seed.run(FakeCommand())

    @pytest.fixture
    def command():
        return FakeCommand()

    @pytest.fixture
    def facility_admin(staff_user):
        from django.contrib.auth.models import Permission

        staff_user.user_permissions.set(Permission.objects.filter(content_type__app_label__in=[app_label, "places"]))
        return staff_user

    @pytest.fixture
    def admin_client(client, facility_admin):
        from tests.otp import staff_login

        staff_login(client, facility_admin)
        return client

    return seeded_places, command, facility_admin, admin_client


def ids(response) -> list[int]:
    """The ids of a kind's list API answer (200 expected)."""
    assert response.status_code == 200, response.content
    return [item["id"] for item in response.json()["results"]]


def assert_list_queries_constant(client, url: str, make, assert_max_queries, *, rows: int = 25,
                                 ceiling: int = 14) -> None:
    """``url`` (a kind's list page) reads as many queries for ``rows`` + 1 facilities made by
    ``make()`` as for one (at most ``ceiling``), and shows them all on one page."""
    make()
    with assert_max_queries(ceiling) as few:
        client.get(url)
    for _ in range(rows):
        make()
    with assert_max_queries(len(few.captured_queries)):
        response = client.get(url, {"page_size": rows + 1})
    assert response.content.decode().count('class="card"') == rows + 1


def assert_api_list_queries_constant(api_client, url: str, make, assert_max_queries, *, rows: int = 20) -> None:
    """A kind's list API reads as many queries for ``rows`` + 1 facilities as for one."""
    make()
    with assert_max_queries(10) as few:
        api_client.get(url)
    for _ in range(rows):
        make()
    with assert_max_queries(len(few.captured_queries)):
        assert len(ids(api_client.get(url, {"page_size": rows + 1}))) == rows + 1


def assert_official_sees_own_only(client, official, changelist: str, make) -> None:
    """A sub-district official (``official``: staff with the kind's permissions) sees and opens
    only the facilities of their own sub-districts in the kind's admin."""
    from django.contrib.auth.models import Group

    from apps.accounts import roles

    mine, other = make(name="我的设施甲"), make(name="别处设施乙")
    official.groups.add(Group.objects.get_or_create(name=roles.OFFICIAL)[0])
    official.sub_districts.add(mine.community.sub_district)
    from tests.otp import staff_login

    staff_login(client, official)
    html = client.get(changelist).content.decode()
    assert "我的设施甲" in html and "别处设施乙" not in html
    assert client.get(f"{changelist}{other.pk}/change/").status_code in (302, 403, 404)


def rows_snapshot(*models) -> dict:
    """Every row of ``models`` as sorted text: equal before and after an idempotent seed."""
    return {m.__name__: sorted(tuple(sorted((k, str(v)) for k, v in row.items())) for row in m.objects.values())
            for m in models}


def base_facilities(kind: str, n: int) -> list:
    """``n`` published facilities of ``kind`` without their kind's row (for ``synthesize``)."""
    from apps.places.models import Facility
    from tests.factories import CommunityFactory

    community = CommunityFactory()
    return Facility.objects.bulk_create([
        Facility(kind=kind, name=f"合成{i}", address="x", community=community, lat=30.5, lon=114.2,
                 status="published") for i in range(n)])


def synthesized_twice(kind: str, synthesize, rows, *, seed: int, count: int = 40, check=None) -> tuple:
    """Runs the kind's ``synthesize`` on ``count`` fresh base facilities of ``kind`` twice with
    the same seed (asserting it made ``count`` rows; ``check()`` after the first run; every
    facility deleted in between). Returns ``rows(first facility)`` of each run: equal when
    synthesis is reproducible."""
    import random

    from apps.places.models import Facility

    first = base_facilities(kind, count)
    assert synthesize(first, random.Random(seed)) == count
    if check is not None:
        check()
    one = rows(first[0])
    Facility.objects.all().delete()
    second = base_facilities(kind, count)
    synthesize(second, random.Random(seed))
    return one, rows(second[0])


def generated_kind_rows(kind: str, model, fields: tuple[str, ...], *, count: int = 30, seed: int = 3) -> list:
    """``generate_facilities --kind <kind>`` run on its own: every facility made has its kind's
    row; returns (lat, lon, *fields) of the rows, in id order (the same for the same seed)."""
    from django.core.management import call_command

    from apps.places.models import Facility

    before = set(Facility.objects.values_list("pk", flat=True))
    call_command("generate_facilities", "--count", str(count), "--seed", str(seed), "--kind", kind)
    made = model.objects.exclude(pk__in=before).order_by("pk")
    assert made.count() == count and not Facility.objects.exclude(pk__in=before).exclude(kind=kind).exists()
    return [(row.lat, row.lon, *(getattr(row, f) for f in fields)) for row in made]
