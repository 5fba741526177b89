"""Following a facility (issue 20): the service, the page form and the API, and the notices its
followers get, exactly once, when it closes temporarily, changes hours or is out of order for
long (the beat task on a controlled clock)."""

import datetime as dt

import pytest
from django.db import transaction
from django.forms.models import inlineformset_factory
from django.test import Client
from django.utils import timezone

from apps.charging.models import ChargePointStatus
from apps.charging.services import charge_point_status_report
from apps.notices import events
from apps.notices.models import Channel, Event, Follow, Notice
from apps.notices.services import facility_outages_notify, facility_subject, follow_add, follow_remove
from apps.notices.tasks import facility_outages
from apps.parking.services import free_spaces_report
from apps.places import services as places_services
from apps.places.admin import FacilityInlineFormSet
from apps.places.models import Facility, FacilityStatus, OpeningException, OpeningHours
from tests.canteens.factories import CanteenFactory
from tests.charging.factories import ChargePointFactory, StationFactory
from tests.factories import FacilityFactory, UserFactory
from tests.parking.factories import CarParkFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def canteen():
    return CanteenFactory(name="宝丰街幸福食堂")


@pytest.fixture
def logged_in(user, password):
    client = Client()
    assert client.login(username=user.username, password=password)
    return client


def follow(user, facility):
    return follow_add(user=user, subject=facility_subject(facility.pk))


def in_app(kind=None):
    notices = Notice.objects.filter(channel=Channel.IN_APP)
    return notices.filter(event__kind=kind) if kind else notices


# --- the service ------------------------------------------------------------------------

def test_follow_is_idempotent_and_unfollow_harmless(user, canteen):
    first, created = follow(user, canteen)
    again, created_again = follow(user, canteen)
    assert created and not created_again and first.pk == again.pk
    assert Follow.objects.get().subject == f"places.facility:{canteen.pk}"
    assert follow_remove(user=user, subject=facility_subject(canteen.pk)) is True
    assert follow_remove(user=user, subject=facility_subject(canteen.pk)) is False
    assert not Follow.objects.exists()


# --- the page: a POST form without JavaScript, CSRF-protected ------------------------------

def test_the_facility_page_offers_to_follow_and_unfollow(logged_in, user, canteen):
    page = logged_in.get(f"/canteens/{canteen.pk}/").content.decode()
    assert f'action="/facilities/{canteen.pk}/follow/"' in page and 'value="follow"' in page
    response = logged_in.post(f"/facilities/{canteen.pk}/follow/", {"action": "follow"})
    assert response.status_code == 302 and response["Location"] == f"/canteens/{canteen.pk}/"
    assert Follow.objects.filter(user=user).count() == 1
    page = logged_in.get(f"/canteens/{canteen.pk}/").content.decode()
    assert 'value="unfollow"' in page
    logged_in.post(f"/facilities/{canteen.pk}/follow/", {"action": "unfollow"})
    assert not Follow.objects.exists()


def test_the_shared_cached_content_shows_each_visitor_their_own_form(logged_in, client, other_user, password,
                                                                      canteen, user):
    follow(user, canteen)
    assert 'value="unfollow"' in logged_in.get(f"/canteens/{canteen.pk}/").content.decode()
    other = Client()
    assert other.login(username=other_user.username, password=password)
    assert 'value="follow"' in other.get(f"/canteens/{canteen.pk}/").content.decode()
    anonymous = client.get(f"/canteens/{canteen.pk}/").content.decode()
    assert "Sign in to follow this facility" in anonymous or "登录后关注此设施" in anonymous
    assert 'value="unfollow"' not in anonymous


def test_following_needs_csrf_a_session_and_a_published_facility(user, password, client, canteen):
    strict = Client(enforce_csrf_checks=True)
    strict.login(username=user.username, password=password)
    assert strict.post(f"/facilities/{canteen.pk}/follow/", {"action": "follow"}).status_code == 403
    response = client.post(f"/facilities/{canteen.pk}/follow/", {"action": "follow"})
    assert response.status_code == 302 and "/accounts/login/" in response["Location"] or "login" in response["Location"]
    assert client.get(f"/facilities/{canteen.pk}/follow/").status_code == 405
    draft = FacilityFactory(kind="canteen", status=FacilityStatus.DRAFT)
    logged = Client()
    logged.login(username=user.username, password=password)
    assert logged.post(f"/facilities/{draft.pk}/follow/").status_code == 404
    assert not Follow.objects.exists()


def test_following_ignores_a_foreign_next(logged_in, canteen):
    response = logged_in.post(f"/facilities/{canteen.pk}/follow/", {"next": "https://evil.example/"})
    assert response["Location"] == f"/canteens/{canteen.pk}/"


def test_every_kinds_page_has_the_form(logged_in):
    station = StationFactory()
    car_park = CarParkFactory()
    for path in (f"/charging/{station.pk}/", f"/parking/{car_park.pk}/"):
        page = logged_in.get(path).content.decode()
        assert 'data-panel="follow"' in page, path


# --- the API, as projects' ----------------------------------------------------------------

def test_api_follow_and_unfollow(auth_client, api_client, user, canteen):
    url = f"/api/v1/facilities/{canteen.pk}/follow/"
    assert auth_client.post(url).status_code == 201
    response = auth_client.post(url)
    assert response.status_code == 200 and response.json() == {"following": True}
    assert auth_client.delete(url).status_code == 204
    assert auth_client.delete(url).status_code == 204
    assert not Follow.objects.exists()
    assert api_client.post(url).status_code in (401, 403)
    assert auth_client.post("/api/v1/facilities/999999/follow/").status_code == 404


# --- the notices, exactly once ------------------------------------------------------------

def test_temporary_closure_tells_each_follower_once(user, other_user, canteen, django_capture_on_commit_callbacks):
    follow(user, canteen)
    with django_capture_on_commit_callbacks(execute=True):
        places_services.facility_temporarily_close(facility=canteen)
        places_services.facility_temporarily_close(facility=canteen)  # already closed: no news
    notice = in_app(events.FACILITY_CLOSED).get()
    assert notice.recipient == user
    assert notice.event.link == f"/canteens/{canteen.pk}/"
    assert not Notice.objects.filter(recipient=other_user).exists()
    # reopened and closed again: a new closure, a new notice
    places_services.facility_publish(facility=canteen)
    places_services.facility_temporarily_close(facility=canteen)
    assert in_app(events.FACILITY_CLOSED).count() == 2


def test_a_rolled_back_closure_tells_no_one(user, canteen):
    follow(user, canteen)
    with pytest.raises(RuntimeError), transaction.atomic():
        places_services.facility_temporarily_close(facility=canteen)
        raise RuntimeError
    assert not Event.objects.exists()


def test_nobody_following_makes_no_event(canteen):
    places_services.facility_temporarily_close(facility=canteen)
    assert not Event.objects.exists()


HoursFormSet = inlineformset_factory(Facility, OpeningHours, formset=FacilityInlineFormSet,
                                     fields=("weekday", "opens", "closes"), extra=1)
ExceptionsFormSet = inlineformset_factory(Facility, OpeningException, formset=FacilityInlineFormSet,
                                          fields=("date", "closed", "opens", "closes", "note"), extra=1)


def _data(prefix, rows, *, initial=0):
    data = {f"{prefix}-TOTAL_FORMS": str(len(rows)), f"{prefix}-INITIAL_FORMS": str(initial),
            f"{prefix}-MIN_NUM_FORMS": "0", f"{prefix}-MAX_NUM_FORMS": "1000"}
    for n, row in enumerate(rows):
        data.update({f"{prefix}-{n}-{key}": value for key, value in row.items()})
    return data


def test_the_admins_hours_inline_tells_followers_of_new_hours_once(user, canteen):
    follow(user, canteen)
    hours = OpeningHours.objects.create(facility=canteen, weekday=0, opens=dt.time(8), closes=dt.time(17))
    prefix = HoursFormSet.get_default_prefix()
    unchanged = {"id": hours.pk, "facility": canteen.pk, "weekday": 0, "opens": "08:00", "closes": "17:00"}
    formset = HoursFormSet(_data(prefix, [unchanged], initial=1), instance=canteen)
    assert formset.is_valid(), formset.errors
    formset.save()
    assert not Event.objects.exists()  # the same hours saved again: no news
    formset = HoursFormSet(_data(prefix, [{**unchanged, "closes": "19:00"}], initial=1), instance=canteen)
    assert formset.is_valid(), formset.errors
    formset.save()
    notice = in_app(events.FACILITY_HOURS).get()
    assert notice.event.context["hours"] == "0 08:00–19:00"


def test_the_admins_exceptions_inline_tells_a_closed_day_once(user, canteen):
    follow(user, canteen)
    day = timezone.localdate() + dt.timedelta(days=3)
    prefix = ExceptionsFormSet.get_default_prefix()
    row = {"date": day.isoformat(), "closed": "on", "note": "设备检修"}
    formset = ExceptionsFormSet(_data(prefix, [row]), instance=canteen)
    assert formset.is_valid(), formset.errors
    formset.save()
    exception = OpeningException.objects.get()
    # its note corrected later: the same closed day, no second notice
    formset = ExceptionsFormSet(_data(prefix, [{**row, "id": exception.pk, "facility": canteen.pk,
                                                "note": "设备检修（更正）"}], initial=1), instance=canteen)
    assert formset.is_valid(), formset.errors
    formset.save()
    notice = in_app(events.FACILITY_CLOSED).get()
    assert notice.event.context["on"] == day.isoformat()
    # a day in the past tells no one; other hours on a coming day are hours news
    places_services.facility_exceptions_saved(facility=canteen, exceptions=[
        OpeningException(facility=canteen, date=timezone.localdate() - dt.timedelta(days=1), closed=True),
        OpeningException(facility=canteen, date=day + dt.timedelta(days=1), closed=False,
                         opens=dt.time(10), closes=dt.time(14)),
    ])
    assert in_app(events.FACILITY_CLOSED).count() == 1
    assert in_app(events.FACILITY_HOURS).get().event.context["hours"] == "10:00–14:00"


def test_the_message_names_the_facility_in_the_followers_language(user, canteen):
    from apps.notices import rendering

    follow(user, canteen)
    places_services.facility_temporarily_close(facility=canteen)
    event = Event.objects.get()
    assert "宝丰街幸福食堂" in rendering.render(event=event, user=user, language="zh-hans").subject
    english = rendering.render(event=event, user=user, language="en")
    assert "temporarily closed" in english.subject


# --- out of order for long: the beat task on a controlled clock -------------------------------

T0 = dt.datetime(2026, 3, 2, 8, 0, tzinfo=dt.UTC)


def test_a_charge_point_out_of_order_for_two_hours_is_told_once_per_outage(user, other_user, settings):
    settings.NOTICES_OUTAGE_MINUTES = 120
    station = StationFactory()
    point = ChargePointFactory(station=station, label="A03", status_reported_at=T0 - dt.timedelta(hours=1))
    follow(user, station)
    charge_point_status_report(charge_point=point, status=ChargePointStatus.OUT_OF_ORDER, reported_at=T0)
    # the operator repeats its report: the outage still began at T0
    charge_point_status_report(charge_point=point, status=ChargePointStatus.OUT_OF_ORDER,
                               reported_at=T0 + dt.timedelta(minutes=90))
    assert facility_outages_notify(now=T0 + dt.timedelta(minutes=119)) == 0
    assert facility_outages_notify(now=T0 + dt.timedelta(minutes=121)) == 1
    facility_outages_notify(now=T0 + dt.timedelta(minutes=126))  # the next run: nobody told twice
    notice = in_app(events.FACILITY_OUT_OF_ORDER).get()
    assert notice.event.context["part"] == "A03"
    assert notice.event.context["since"] == timezone.localtime(T0).strftime("%Y-%m-%d %H:%M")
    # someone who follows it later hears of the same outage once
    follow(other_user, station)
    facility_outages_notify(now=T0 + dt.timedelta(minutes=131))
    facility_outages_notify(now=T0 + dt.timedelta(minutes=136))
    assert in_app(events.FACILITY_OUT_OF_ORDER).count() == 2
    assert Event.objects.filter(kind=events.FACILITY_OUT_OF_ORDER).count() == 1
    # back in order, then out of order again: a new outage, told again after two hours
    t1 = T0 + dt.timedelta(hours=3)
    charge_point_status_report(charge_point=point, status=ChargePointStatus.AVAILABLE, reported_at=t1)
    assert facility_outages_notify(now=t1 + dt.timedelta(hours=3)) == 0
    t2 = t1 + dt.timedelta(minutes=10)
    charge_point_status_report(charge_point=point, status=ChargePointStatus.OUT_OF_ORDER, reported_at=t2)
    assert facility_outages_notify(now=t2 + dt.timedelta(minutes=60)) == 0
    assert facility_outages_notify(now=t2 + dt.timedelta(minutes=150)) == 1
    assert Event.objects.filter(kind=events.FACILITY_OUT_OF_ORDER).count() == 2
    assert in_app(events.FACILITY_OUT_OF_ORDER).filter(recipient=user).count() == 2


def test_long_is_a_setting(user, settings):
    settings.NOTICES_OUTAGE_MINUTES = 30
    station = StationFactory()
    point = ChargePointFactory(station=station, status_reported_at=T0 - dt.timedelta(hours=1))
    follow(user, station)
    charge_point_status_report(charge_point=point, status=ChargePointStatus.OUT_OF_ORDER, reported_at=T0)
    assert facility_outages_notify(now=T0 + dt.timedelta(minutes=31)) == 1


def test_a_car_parks_silent_live_count_is_told_once(user):
    car_park = CarParkFactory(spaces_total=474)
    follow(user, car_park)
    free_spaces_report(car_park=car_park, free_spaces=120, reported_at=T0)
    assert facility_outages_notify(now=T0 + dt.timedelta(minutes=100)) == 0
    facility_outages_notify(now=T0 + dt.timedelta(minutes=130))
    facility_outages_notify(now=T0 + dt.timedelta(minutes=135))
    notice = in_app(events.FACILITY_OUT_OF_ORDER).get()
    assert notice.event.link == f"/parking/{car_park.pk}/"
    assert notice.event.context["part_en"].startswith("the live count of free spaces")
    # a new report ends the outage
    free_spaces_report(car_park=car_park, free_spaces=100, reported_at=T0 + dt.timedelta(minutes=140))
    assert facility_outages_notify(now=T0 + dt.timedelta(minutes=150)) == 0


def test_the_beat_task_runs_the_service(user):
    station = StationFactory()
    since = timezone.now() - dt.timedelta(hours=3)
    point = ChargePointFactory(station=station, status_reported_at=since - dt.timedelta(hours=1))
    follow(user, station)
    charge_point_status_report(charge_point=point, status=ChargePointStatus.OUT_OF_ORDER, reported_at=since)
    assert facility_outages.delay().get() == 1
    assert in_app(events.FACILITY_OUT_OF_ORDER).count() == 1


def test_closing_the_account_deletes_the_follows(user, canteen):
    from apps.core.contributions import PersonalDataSource, contributions

    follow(user, canteen)
    source = next(s for s in contributions(PersonalDataSource) if s.key == "followed")
    assert source.export(user)[0]["url"] == f"/canteens/{canteen.pk}/"
    source.erase(user)
    assert not Follow.objects.exists()
    UserFactory()  # another resident's follows are not touched by anyone's erase


def test_the_notices_link_opens_the_temporarily_closed_facilitys_page(logged_in, user, canteen):
    """The closure notice sends the follower to the facility's page: it is shown (saying it is
    temporarily closed, with the form to stop following) while lists, nearby and the API leave it out."""
    follow(user, canteen)
    places_services.facility_temporarily_close(facility=canteen)
    link = Event.objects.get().link
    response = logged_in.get(link, HTTP_ACCEPT_LANGUAGE="en")
    page = response.content.decode()
    assert response.status_code == 200
    assert "Temporarily closed" in page and 'value="unfollow"' in page
    assert canteen.name not in logged_in.get("/canteens/").content.decode()
    assert logged_in.get(f"/api/v1/canteens/{canteen.pk}/").status_code == 404
    places_services.facility_close(facility=canteen)  # closed for good: no page
    assert logged_in.get(link).status_code == 404
