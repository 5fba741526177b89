import datetime as dt

import pytest
from django.core import mail
from django.urls import reverse

from apps.notices import events, services
from apps.notices.models import Channel, Notice, NoticeStatus, NotificationPreference
from apps.notices.tokens import unsubscribe_token
from tests.otp import staff_login

pytestmark = pytest.mark.django_db

CONTEXT = {"title": "口袋公园建设", "title_en": "Pocket parks", "percent": 30}


def notify(*users, n=1):
    for _ in range(n):
        services.event_publish(
            kind=events.PROJECT_PROGRESS, subject="projects.progressupdate:1",
            recipients=[u.pk for u in users], context=CONTEXT, link="/projects/1/",
        )


def test_api_lists_only_my_notices_paginated(auth_client, user, other_user, django_assert_max_num_queries):
    notify(user, n=3)
    notify(other_user)
    with django_assert_max_num_queries(6):
        response = auth_client.get("/api/v1/notices/?page_size=2")
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 3 and len(body["results"]) == 2 and body["next"]
    assert body["unread_count"] == 3
    item = body["results"][0]
    assert item["kind"] == "project.progress" and item["read"] is False and item["link"] == "/projects/1/"
    assert "口袋公园建设" in item["title"]


def test_api_query_count_does_not_grow_with_page_size(auth_client, user, django_assert_max_num_queries):
    notify(user, n=30)
    with django_assert_max_num_queries(6):
        assert len(auth_client.get("/api/v1/notices/?page_size=100").json()["results"]) == 30


def test_api_in_english(auth_client, user):
    notify(user)
    item = auth_client.get("/api/v1/notices/", HTTP_ACCEPT_LANGUAGE="en").json()["results"][0]
    assert item["title"] == "Progress on “Pocket parks”: 30% done"


def test_api_needs_authentication(api_client):
    assert api_client.get("/api/v1/notices/").status_code in (401, 403)


def test_api_mark_read_and_read_all(auth_client, user, other_user):
    notify(user, n=2)
    notify(other_user)
    mine = Notice.objects.filter(recipient=user, channel=Channel.IN_APP).first()
    theirs = Notice.objects.get(recipient=other_user, channel=Channel.IN_APP)
    response = auth_client.post(f"/api/v1/notices/{mine.pk}/read/")
    assert response.status_code == 200 and response.json()["read"] is True
    assert auth_client.post(f"/api/v1/notices/{theirs.pk}/read/").status_code == 404
    assert auth_client.get("/api/v1/notices/?unread=true").json()["count"] == 1
    assert auth_client.post("/api/v1/notices/read-all/").json()["marked"] == 1
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_api_preferences(auth_client, user):
    body = auth_client.get("/api/v1/notices/preferences/").json()
    assert (body["in_app"], body["email"], body["sms"]) == ("immediately", "immediately", "off")
    response = auth_client.patch(
        "/api/v1/notices/preferences/",
        {"email": "weekly", "sms_quiet_start": "22:00", "sms_quiet_end": "07:00"}, format="json",
    )
    assert response.status_code == 200
    assert response.json()["email"] == "weekly" and response.json()["sms_quiet_start"] == "22:00:00"
    user.refresh_from_db()
    assert user.sms_quiet_end == dt.time(7, 0)
    # SMS without a phone number, a bad frequency, half quiet hours: 400 naming the field
    assert "sms" in auth_client.patch("/api/v1/notices/preferences/", {"sms": "daily"}, format="json").json()
    assert "email" in auth_client.patch("/api/v1/notices/preferences/", {"email": "hourly"}, format="json").json()
    response = auth_client.patch(
        "/api/v1/notices/preferences/", {"sms_quiet_start": None, "sms_quiet_end": "07:00"}, format="json",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 400 and "Give both" in response.json()["sms_quiet_end"][0]


def test_turning_a_channel_off_cancels_what_waits(user):
    NotificationPreference.objects.create(user=user, channel=Channel.EMAIL, frequency="daily")
    notify(user)
    services.preference_set(user=user, channel=Channel.EMAIL, frequency="off")
    assert Notice.objects.get(recipient=user, channel=Channel.EMAIL).status == NoticeStatus.CANCELLED


def test_inbox_page_and_header_count(client, user, password, django_assert_max_num_queries):
    notify(user, n=25)
    client.login(username=user.username, password=password)
    with django_assert_max_num_queries(12):
        response = client.get("/notices/")
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("<h1") == 1 and "口袋公园建设" in html
    assert 'class="badge"' in html and ">25<" in html
    assert "?page=2" in html
    notice = Notice.objects.filter(recipient=user, channel=Channel.IN_APP).first()
    assert client.post(f"/notices/{notice.pk}/read/").status_code == 302
    assert client.post("/notices/read-all/").status_code == 302
    assert ">0<" not in client.get("/notices/").content.decode().split("</header>")[0]
    assert "My notices" in client.get("/notices/", HTTP_ACCEPT_LANGUAGE="en").content.decode()


def test_inbox_needs_sign_in(client):
    assert client.get("/notices/").status_code == 302


def test_other_peoples_notice_cannot_be_marked(client, user, other_user, password):
    notify(other_user)
    client.login(username=user.username, password=password)
    notice = Notice.objects.get(recipient=other_user, channel=Channel.IN_APP)
    assert client.post(f"/notices/{notice.pk}/read/").status_code == 404


def test_preferences_page(client, user, password):
    client.login(username=user.username, password=password)
    assert client.get("/notices/preferences/").status_code == 200
    response = client.post("/notices/preferences/", {"email": "daily", "sms": "off",
                                                     "sms_quiet_start": "22:00", "sms_quiet_end": "07:00"})
    assert response.status_code == 302
    assert NotificationPreference.objects.get(user=user, channel=Channel.EMAIL).frequency == "daily"
    response = client.post("/notices/preferences/", {"email": "daily", "sms": "immediately"},
                           HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400 and "mobile phone number" in response.content.decode()


def test_one_click_unsubscribe(client, user):
    url = reverse("notices:unsubscribe", args=[unsubscribe_token(user_id=user.pk, channel=Channel.EMAIL)])
    page = client.get(url)
    assert page.status_code == 200 and "<form" in page.content.decode()
    assert not NotificationPreference.objects.filter(user=user).exists()  # GET changes nothing
    assert client.post(url).status_code == 200  # no CSRF token: mail clients POST one-click
    assert NotificationPreference.objects.get(user=user, channel=Channel.EMAIL).frequency == "off"
    notify(user)
    assert mail.outbox == []


def test_forged_unsubscribe_link(client, user):
    token = unsubscribe_token(user_id=user.pk, channel=Channel.EMAIL)
    forged = token.replace(token[-4:], "AAAA")
    assert client.get(reverse("notices:unsubscribe", args=[forged])).status_code == 400
    assert client.post(reverse("notices:unsubscribe", args=[forged])).status_code == 400


def test_admin_changelist_search_and_retry_action(client, staff_user, user, django_assert_max_num_queries):
    """Staff with the notices permissions (no data-reveal permission: no two-factor step)."""
    from django.contrib.auth.models import Permission

    staff_user.user_permissions.set(Permission.objects.filter(content_type__app_label="notices"))
    notify(user)
    notice = Notice.objects.get(recipient=user, channel=Channel.EMAIL)
    Notice.objects.filter(pk=notice.pk).update(status=NoticeStatus.FAILED_PERMANENT)
    staff_login(client, staff_user)
    with django_assert_max_num_queries(15):
        response = client.get("/admin/notices/notice/", {"q": user.username, "status__exact": "failed_permanent"})
    assert response.status_code == 200 and user.username in response.content.decode()
    response = client.post("/admin/notices/notice/", {"action": "retry_failed", "_selected_action": [notice.pk]})
    assert response.status_code == 302
    notice.refresh_from_db()
    assert notice.status == NoticeStatus.CREATED  # queued after commit (captured by the test transaction)


def test_the_user_admin_page_shows_the_notice_preferences(client, superuser, user):
    """Notices adds its inline to accounts' user page (accounts imports nothing of notices)."""
    NotificationPreference.objects.create(user=user, channel=Channel.SMS, frequency="weekly")
    staff_login(client, superuser)
    page = client.get(f"/admin/accounts/user/{user.pk}/change/")
    assert page.status_code == 200
    inline = next(f for f in page.context["inline_admin_formsets"] if f.opts.model is NotificationPreference)
    assert [(form.instance.channel, form.instance.frequency) for form in inline.formset.forms] == [("sms", "weekly")]
    assert inline.has_change_permission
