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
    resident = get_user_model().objects.create_user(username="plain", password=None)
    data = _form_data(client, resident)
    data.update({"is_superuser": "on", "groups": [Group.objects.get(name="housing_swap_admin").pk],
                 "email": "changed@example.com"})
    response = client.post(f"/admin/accounts/user/{resident.pk}/change/", data)
    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else ""
    resident.refresh_from_db()
    assert resident.email == "changed@example.com"  # the profile is theirs to manage
    assert not resident.is_superuser
    assert not resident.groups.exists()


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
