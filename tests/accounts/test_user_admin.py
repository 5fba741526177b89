"""A district administrator manages profiles, not privileges (issue 7)."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone

from tests.backoffice.rows import ensure_roles, make_staff, staff_login

pytestmark = pytest.mark.django_db


@pytest.fixture
def administrator(client):
    ensure_roles()
    user = make_staff("administrator")
    staff_login(client, user)
    return user


def _form_data(client, user):
    form = client.get(f"/admin/accounts/user/{user.pk}/change/").context["adminform"].form
    data = {}
    for name, field in form.fields.items():
        value = form.initial.get(name, field.initial)
        if value is None:
            continue
        if isinstance(value, (list, tuple)) or hasattr(value, "all"):
            data[name] = [getattr(v, "pk", v) for v in (value.all() if hasattr(value, "all") else value)]
        else:
            data[name] = value
    data.pop("date_joined", None)
    data.pop("last_login", None)
    joined = timezone.localtime(user.date_joined)
    data.update({"date_joined_0": joined.date().isoformat(), "date_joined_1": joined.time().strftime("%H:%M:%S")})
    data.update({"notificationpreference_set-TOTAL_FORMS": 0, "notificationpreference_set-INITIAL_FORMS": 0})
    return data


def test_administrator_cannot_grant_roles_or_superuser(client, administrator):
    peer = make_staff("official")
    data = _form_data(client, peer)
    data.update({"is_superuser": "on", "groups": [Group.objects.get(name="housing_swap_admin").pk],
                 "email": "changed@example.com"})
    response = client.post(f"/admin/accounts/user/{peer.pk}/change/", data)
    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else ""
    peer.refresh_from_db()
    assert peer.email == "changed@example.com"  # a staff profile is the administrator's to manage
    assert not peer.is_superuser
    assert list(peer.groups.values_list("name", flat=True)) == ["official"]


def test_administrator_cannot_change_a_more_privileged_account(client, administrator, superuser):
    hsadmin = make_staff("hsadmin")
    for target in (superuser, hsadmin):
        page = client.get(f"/admin/accounts/user/{target.pk}/change/")
        assert page.status_code == 200 and not page.context["has_change_permission"]
        assert client.get(f"/admin/accounts/user/{target.pk}/password/").status_code == 403
    assert client.get(f"/admin/accounts/user/{superuser.pk}/delete/").status_code == 403
    peer = make_staff("official")
    assert client.get(f"/admin/accounts/user/{peer.pk}/change/").context["has_change_permission"]


def test_superuser_still_assigns_roles(client, superuser):
    staff_login(client, superuser)
    page = client.get(f"/admin/accounts/user/{superuser.pk}/change/")
    assert "groups" in page.context["adminform"].form.fields


# --- issue 18 item 4: administrators cannot take over residents ------------------------

RESIDENT_EMAIL = "wang.wei@example.com"
RESIDENT_PHONE = "13812345678"


@pytest.fixture
def resident(db):
    return get_user_model().objects.create_user(
        username="resident-x", password="Old-pass-12345!", email=RESIDENT_EMAIL, phone=RESIDENT_PHONE)


def test_administrator_sees_residents_contact_masked(client, administrator, resident):
    for url in (f"/admin/accounts/user/{resident.pk}/change/", "/admin/accounts/user/"):
        body = client.get(url).content.decode()
        assert RESIDENT_EMAIL not in body and RESIDENT_PHONE not in body, url
        assert "138****5678" in body and "@example.com" in body


def test_administrator_cannot_change_a_residents_account(client, administrator, resident):
    page = client.get(f"/admin/accounts/user/{resident.pk}/change/")
    form = page.context["adminform"].form
    assert set(form.fields) <= {"is_active"}  # everything else is read-only
    assert "/password/" not in page.content.decode()
    joined = timezone.localtime(resident.date_joined)
    response = client.post(f"/admin/accounts/user/{resident.pk}/change/", {
        "username": "taken-over", "email": "attacker@example.com", "phone": "13900000000", "is_active": "on",
        "date_joined_0": joined.date().isoformat(), "date_joined_1": joined.time().strftime("%H:%M:%S"),
        "notificationpreference_set-TOTAL_FORMS": 0, "notificationpreference_set-INITIAL_FORMS": 0,
    })
    assert response.status_code == 302
    resident.refresh_from_db()
    assert (resident.username, resident.email, resident.phone) == ("resident-x", RESIDENT_EMAIL, RESIDENT_PHONE)
    assert client.get(f"/admin/accounts/user/{resident.pk}/delete/").status_code == 403


def test_administrator_cannot_set_a_residents_password(client, administrator, resident):
    url = f"/admin/accounts/user/{resident.pk}/password/"
    assert client.get(url).status_code == 403
    response = client.post(url, {"password1": "Taken-over-9876!", "password2": "Taken-over-9876!",
                                 "usable_password": "true"})
    assert response.status_code == 403
    resident.refresh_from_db()
    assert resident.check_password("Old-pass-12345!")


def test_superuser_keeps_full_control(client, superuser, resident):
    staff_login(client, superuser)
    assert client.get(f"/admin/accounts/user/{resident.pk}/password/").status_code == 200
    assert "email" in client.get(f"/admin/accounts/user/{resident.pk}/change/").context["adminform"].form.fields


def test_reveal_needs_a_reason_and_is_audited(client, administrator, resident):
    from apps.accounts.models import SecurityEvent

    url = f"/admin/accounts/user/{resident.pk}/reveal-contact/"
    assert url in client.get(f"/admin/accounts/user/{resident.pk}/change/").content.decode()
    short = client.post(url, {"reason": "why"})
    assert short.status_code == 200 and RESIDENT_EMAIL not in short.content.decode()
    assert not SecurityEvent.objects.filter(action="contact_revealed").exists()
    response = client.post(url, {"reason": "居民来电核实联系方式"})
    body = response.content.decode()
    assert RESIDENT_EMAIL in body and RESIDENT_PHONE in body and "no-store" in response["Cache-Control"]
    event = SecurityEvent.objects.get(action="contact_revealed")
    assert (event.actor, event.subject, event.detail) == (administrator, resident, "居民来电核实联系方式")


def test_auditor_cannot_reveal(client, resident):
    ensure_roles()
    auditor = make_staff("auditor")
    staff_login(client, auditor)
    assert client.post(f"/admin/accounts/user/{resident.pk}/reveal-contact/",
                       {"reason": "只是看看而已"}).status_code == 403
