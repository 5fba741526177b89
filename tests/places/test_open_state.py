"""The stored open-now state (apps.places.open_state, issue 21): ``next_change`` is the first
moment the answer changes, the refresh stores the answer and that moment for the rows out of
date only, changes of hours mark a row out of date (also while a refresh computes it), and
the beat job runs it. The list filters' answers with stored states are held equal to a
brute-force filter in test_list_filters_brute_force.py."""

import random
import re
from datetime import date, datetime, time, timedelta
from io import StringIO
from types import SimpleNamespace

import pytest
from django.conf import settings
from django.core.cache import cache
from django.core.management import call_command
from django.utils import timezone

from apps.places import open_state
from apps.places.hours import is_open_at, next_change
from apps.places.models import Facility, OpeningException, OpeningHours
from apps.places.open_state import refresh_open_states
from portal.celery import app as celery_app
from tests.factories import FacilityFactory
from tests.parks.factories import ParkFactory

MONDAY = date(2026, 12, 7)


def _random_hours(rng):
    hours = []
    for day in range(7):
        for _ in range(rng.choice([0, 1, 1, 2])):
            opens = time(rng.randrange(24), rng.choice([0, 15, 30]))
            closes = opens if rng.random() < 0.1 else time(rng.randrange(24), rng.choice([0, 30, 45]))
            hours.append(SimpleNamespace(weekday=day, opens=opens, closes=closes))
    exceptions = []
    for offset in rng.sample(range(-1, 10), rng.choice([0, 0, 1, 2])):
        closed = rng.random() < 0.4
        exceptions.append(SimpleNamespace(
            date=MONDAY + timedelta(days=offset), closed=closed,
            opens=None if closed else time(rng.randrange(24)), closes=None if closed else time(rng.randrange(24))))
    return hours, exceptions


@pytest.mark.parametrize("seed", range(40))
def test_next_change_is_the_first_moment_the_answer_changes(seed):
    rng = random.Random(seed)
    hours, exceptions = _random_hours(rng)
    tz = timezone.get_current_timezone()
    when = datetime.combine(MONDAY, time(0), tzinfo=tz) + timedelta(minutes=rng.randrange(7 * 24 * 60), seconds=7)
    state = is_open_at(when, hours, exceptions)
    change = next_change(when, hours, exceptions)
    assert when < change <= when + timedelta(days=8)
    # every minute up to it gives the same answer, and the moment itself another one
    moment = when
    while moment < change:
        assert is_open_at(moment, hours, exceptions) == state, (moment, change)
        moment += timedelta(minutes=1) if change - moment < timedelta(days=2) else timedelta(minutes=13)
    if change < when + timedelta(days=8):
        assert is_open_at(change, hours, exceptions) != state


def test_next_change_of_a_facility_without_hours_is_the_horizon():
    when = timezone.make_aware(datetime(2026, 12, 7, 9, 0))
    assert next_change(when, [], [], timedelta(days=8)) == when + timedelta(days=8)
    around_the_clock = [SimpleNamespace(weekday=d, opens=time(0), closes=time(0)) for d in range(7)]
    assert next_change(when, around_the_clock, []) == when + timedelta(days=8)


def _canteen_hours(facility):
    for day in range(7):
        OpeningHours.objects.create(facility=facility, weekday=day, opens=time(11), closes=time(14))
        OpeningHours.objects.create(facility=facility, weekday=day, opens=time(17), closes=time(21))


@pytest.mark.django_db
def test_refresh_stores_the_answer_until_it_changes_and_only_for_rows_out_of_date():
    canteen, unknown = FacilityFactory(), FacilityFactory()
    _canteen_hours(canteen)
    noon = timezone.make_aware(datetime(2026, 12, 7, 12, 0))
    assert refresh_open_states(noon) == 2
    canteen.refresh_from_db()
    unknown.refresh_from_db()
    assert canteen.open_state is True
    assert timezone.localtime(canteen.open_until) == timezone.make_aware(datetime(2026, 12, 7, 14, 0))
    assert unknown.open_state is False
    assert unknown.open_until == noon + open_state.HORIZON
    # nothing out of date: nothing written
    assert refresh_open_states(noon + timedelta(minutes=30)) == 0
    # past 14:00 the canteen's state has run out; the other's has not
    afternoon = timezone.make_aware(datetime(2026, 12, 7, 15, 0))
    assert refresh_open_states(afternoon) == 1
    canteen.refresh_from_db()
    assert canteen.open_state is False
    assert timezone.localtime(canteen.open_until) == timezone.make_aware(datetime(2026, 12, 7, 17, 0))
    # ids: computed again whether out of date or not
    assert refresh_open_states(afternoon, ids=[canteen.pk, unknown.pk]) == 2


@pytest.mark.django_db
def test_refresh_reads_in_batches():
    facilities = FacilityFactory.create_batch(5)
    for facility in facilities[::2]:
        _canteen_hours(facility)
    noon = timezone.make_aware(datetime(2026, 12, 7, 12, 0))
    assert refresh_open_states(noon, batch=2) == 5
    states = dict(Facility.objects.values_list("pk", "open_state"))
    assert states == {f.pk: f in facilities[::2] for f in facilities}


@pytest.mark.django_db
def test_changes_of_hours_or_exceptions_mark_the_state_out_of_date():
    facility = FacilityFactory()
    _canteen_hours(facility)
    noon = timezone.make_aware(datetime(2026, 12, 7, 12, 0))

    def stored():
        return Facility.objects.values_list("open_until", flat=True).get(pk=facility.pk)

    actions = [
        lambda: OpeningHours.objects.create(facility=facility, weekday=0, opens=time(7), closes=time(9)),
        lambda: OpeningHours.objects.filter(facility=facility, opens=time(7)).get().delete(),
        lambda: OpeningException.objects.create(facility=facility, date=MONDAY, closed=True),
        lambda: _save(OpeningException.objects.get(facility=facility), closed=False, opens=time(8), closes=time(10)),
        lambda: OpeningException.objects.get(facility=facility).delete(),
    ]
    for action in actions:
        refresh_open_states(noon)
        assert stored() is not None
        action()
        assert stored() is None


def _save(instance, **values):
    for name, value in values.items():
        setattr(instance, name, value)
    instance.save()


@pytest.mark.django_db
def test_a_change_while_the_state_is_computed_is_not_overwritten():
    """The refresh claims a batch before reading its hours and writes only where its claim
    is still there: hours changed in between leave the row out of date for the next run."""
    facility = FacilityFactory()
    _canteen_hours(facility)
    noon = timezone.make_aware(datetime(2026, 12, 7, 12, 0))
    claim = timezone.make_aware(datetime(1971, 1, 1))
    Facility.objects.filter(pk=facility.pk).update(open_until=claim)
    OpeningHours.objects.create(facility=facility, weekday=0, opens=time(12), closes=time(13))  # invalidates
    assert open_state._write(noon, [facility.pk], claim) == 0
    assert Facility.objects.values_list("open_until", flat=True).get(pk=facility.pk) is None
    # with its claim in place, the same batch is written
    Facility.objects.filter(pk=facility.pk).update(open_until=claim)
    assert open_state._write(noon, [facility.pk], claim) == 1


@pytest.mark.django_db
def test_the_beat_job_refreshes_the_states():
    celery_app.loader.import_default_modules()
    celery_app.finalize()
    assert celery_app.conf.beat_schedule["places-open-states"]["task"] == "places.refresh_open_states"
    facility = FacilityFactory()
    _canteen_hours(facility)
    assert settings.CELERY_TASK_ALWAYS_EAGER or settings.REDIS_URL
    from apps.places.tasks import refresh_open_states as task

    assert task.apply().get() == 1
    assert Facility.objects.values_list("open_until", flat=True).get(pk=facility.pk) is not None


@pytest.mark.django_db
def test_the_list_filter_reads_the_stored_state_where_it_is_valid(api_client, monkeypatch):
    """A state stored as valid is the answer (the hours are not asked); once it has run out,
    the hours are."""
    facility = ParkFactory()
    _canteen_hours(facility)
    noon = timezone.make_aware(datetime(2026, 12, 7, 12, 0))
    monkeypatch.setattr("apps.places.filters.local_now", lambda: noon)
    refresh_open_states(noon)

    def listed(open_now):
        cache.clear()  # the states are written below without the signals that clear cached lists
        return [r["id"] for r in api_client.get("/api/v1/parks/", {"open_now": open_now}).json()["results"]]

    assert listed("true") == [facility.pk]
    # a stored answer the hours contradict shows that the stored one was read
    Facility.objects.filter(pk=facility.pk).update(open_state=False)
    assert listed("true") == []
    assert listed("false") == [facility.pk]
    # run out: the hours decide again
    Facility.objects.filter(pk=facility.pk).update(open_until=noon)
    assert listed("true") == [facility.pk]


@pytest.mark.django_db
def test_the_command_refreshes_out_of_date_states_or_all():
    facility = FacilityFactory()
    _canteen_hours(facility)
    out = StringIO()
    call_command("refresh_open_states", stdout=out)
    assert "of 1 facilities" in out.getvalue()
    call_command("refresh_open_states", stdout=out)
    assert "of 0 facilities" in out.getvalue()
    call_command("refresh_open_states", "--all", stdout=out)
    assert out.getvalue().count("of 1 facilities") == 2


def _card_states(html: str, names: list[str]) -> dict[str, str]:
    cards = html.split('<li class="card">')[1:]
    return {name: next(("open" if "tag-open" in card else "closed") for card in cards if name in card)
            for name in names}


@pytest.mark.django_db
def test_a_list_page_reads_the_hours_only_of_rows_whose_state_is_not_valid(client, monkeypatch):
    """The cards' open now: the stored state where valid (the hours are not read at all when
    every row's is), the hours of the other rows only (issue 21)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.canteens.factories import CanteenFactory

    noon = timezone.make_aware(datetime(2026, 12, 7, 12, 0))
    for module in ("apps.places.filters", "apps.places.kit"):
        monkeypatch.setattr(f"{module}.local_now", lambda: noon)
    names = [f"食堂{i}" for i in range(4)]
    canteens = [CanteenFactory(name=name) for name in names]
    for canteen in canteens:
        _canteen_hours(canteen)
    refresh_open_states(noon)
    # stored answers the hours contradict show which were read
    Facility.objects.filter(pk=canteens[0].pk).update(open_state=False)
    Facility.objects.filter(pk=canteens[1].pk).update(open_state=False, open_until=noon)  # run out
    Facility.objects.filter(pk=canteens[2].pk).update(open_state=False, open_until=None)  # never computed
    hours_table = OpeningHours._meta.db_table

    def page() -> tuple[dict, list]:
        cache.clear()
        with CaptureQueriesContext(connection) as queries:
            html = client.get("/canteens/").content.decode()
        return _card_states(html, names), [q["sql"] for q in queries if hours_table in q["sql"]]

    states, hours_reads = page()
    assert states == {"食堂0": "closed", "食堂1": "open", "食堂2": "open", "食堂3": "open"}
    assert len(hours_reads) == 1
    read_for = {int(n) for n in re.search(r" IN \(([\d, ]+)\)", hours_reads[0]).group(1).split(",")}
    assert read_for == {canteens[1].pk, canteens[2].pk}  # only theirs
    # every state valid: no hours read at all
    refresh_open_states(noon, ids=[c.pk for c in canteens])
    states, hours_reads = page()
    assert states == dict.fromkeys(names, "open") and hours_reads == []
    # a state that runs out within the minute: its hours read, for the page says it a moment later
    Facility.objects.filter(pk=canteens[3].pk).update(open_until=noon + timedelta(seconds=30))
    assert len(page()[1]) == 1


@pytest.mark.django_db
def test_open_now_without_prefetched_hours_reads_them(django_assert_num_queries):
    from apps.places.selectors import open_now

    facility = ParkFactory()
    _canteen_hours(facility)
    noon = timezone.make_aware(datetime(2026, 12, 7, 12, 0))
    facility = Facility.objects.get(pk=facility.pk)
    with django_assert_num_queries(2):  # the day's exceptions, the hours
        assert open_now(facility, noon) is True
    refresh_open_states(noon)
    facility = Facility.objects.get(pk=facility.pk)
    with django_assert_num_queries(0):
        assert open_now(facility, noon) is True
