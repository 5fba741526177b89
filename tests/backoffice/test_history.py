"""History with diffs in the admin, scoped; the audit log is append-only (issue 7)."""

import datetime as dt

import pytest
from django.contrib import admin
from django.contrib.admin.utils import quote
from django.urls import reverse
from django.utils import timezone
from simple_history.admin import SimpleHistoryAdmin

from apps.housing_swap.models import Application, AuditLog

from .rows import ROW_MAKERS, ensure_roles, make_staff, staff_login, two_sub_districts

pytestmark = pytest.mark.django_db

AUDITED = ["places.facility", "canteens.canteen", "charging.chargingstation", "charging.chargepoint", "parks.park",
           "projects.project", "projects.milestone", "projects.progressupdate", "housing_swap.newhomeproject",
           "housing_swap.round", "housing_swap.application", "housing_swap.voucher"]
# a field each test changes (old -> new), per model
CHANGE = {
    "places.facility": ("address", "新地址1号"), "canteens.canteen": ("address", "新地址2号"),
    "charging.chargingstation": ("address", "新地址3号"), "charging.chargepoint": ("label", "99"),
    "parks.park": ("address", "新地址4号"), "projects.project": ("title", "新标题"),
    "projects.milestone": ("title", "新节点"), "projects.progressupdate": ("note", "新进展"),
    "housing_swap.newhomeproject": ("location", "新位置"), "housing_swap.round": ("title", "新轮次"),
    "housing_swap.application": ("household_size", 5), "housing_swap.voucher": ("void_reason", "测试"),
}


def _model(label):
    return next(m for m in admin.site._registry if m._meta.label_lower == label)


def _history_url(obj):
    meta = obj._meta
    return reverse(f"admin:{meta.app_label}_{meta.model_name}_history", args=[quote(obj.pk)])


def test_every_audited_model_has_a_history_admin():
    for label in AUDITED:
        assert isinstance(admin.site._registry[_model(label)], SimpleHistoryAdmin), label
        assert hasattr(_model(label), "history"), label


@pytest.mark.parametrize("label", AUDITED)
def test_history_page_lists_who_when_and_what_changed(client, label, superuser):
    ensure_roles()
    sub_a, _sub_b = two_sub_districts()
    obj = ROW_MAKERS[label](sub_a)
    editor = make_staff("administrator")
    field, new = CHANGE[label]
    old = getattr(obj, field)
    setattr(obj, field, new)
    obj._history_user = editor  # what HistoryRequestMiddleware does for an admin edit
    obj.save()
    staff_login(client, superuser)
    page = client.get(_history_url(obj))
    assert page.status_code == 200
    html = page.content.decode()
    assert editor.username in html  # who
    changes = [change for record in page.context["page_obj"].object_list
               for change in (getattr(record, "history_delta_changes", None) or [])]
    assert any(str(c["old"]) == str(old) and str(c["new"]) == str(new) for c in changes), changes
    assert str(new) in html and "&rarr;" in html  # what: old -> new, shown


def test_admin_edit_records_the_signed_in_user(client):
    ensure_roles()
    sub_a, _ = two_sub_districts()
    official = make_staff("official", sub_district=sub_a)
    milestone = ROW_MAKERS["projects.milestone"](sub_a)
    staff_login(client, official)
    url = reverse("admin:projects_milestone_change", args=[milestone.pk])
    form = client.get(url).context["adminform"].form
    data = {}
    for name in form.fields:
        value = form[name].value()
        if isinstance(value, dt.datetime):
            value = timezone.localtime(value)
            data[f"{name}_0"], data[f"{name}_1"] = value.date().isoformat(), value.strftime("%H:%M:%S")
        elif value is not None:
            data[name] = value
    data.update({"title": "改过的节点"})
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    latest = milestone.history.latest()
    assert latest.history_user == official and latest.title == "改过的节点"
    assert any(c.field == "title" for c in latest.diff_against(latest.prev_record).changes)


def test_officials_see_history_of_their_own_rows_only(client):
    ensure_roles()
    sub_a, sub_b = two_sub_districts()
    staff_login(client, make_staff("official", sub_district=sub_a))
    for label in ["canteens.canteen", "charging.chargingstation", "parks.park", "projects.project",
                  "projects.milestone", "projects.progressupdate"]:
        own, other = ROW_MAKERS[label](sub_a), ROW_MAKERS[label](sub_b)
        assert client.get(_history_url(own)).status_code == 200, label
        assert client.get(_history_url(other)).status_code == 403, label
        version = other.history.latest().history_id
        assert client.get(f"{_history_url(other)}{version}/").status_code == 403, label


def test_roles_without_the_model_see_no_history(client):
    ensure_roles()
    sub_a, _ = two_sub_districts()
    application = ROW_MAKERS["housing_swap.application"](sub_a)
    canteen = ROW_MAKERS["canteens.canteen"](sub_a)
    staff_login(client, make_staff("administrator"))
    assert client.get(_history_url(application)).status_code == 403
    staff_login(client, make_staff("reviewer"))
    assert client.get(_history_url(canteen)).status_code == 403
    assert client.get(_history_url(application)).status_code == 200


@pytest.mark.parametrize("role", ["auditor", "reviewer", "hsadmin"])
def test_a_history_version_cannot_be_saved_back(client, role):
    """The history pages are for reading: reverting through them would skip the services
    (status workflow, audit) and, for applications, blank the personal data that history
    does not keep. Not even with the change permission."""
    ensure_roles()
    sub_a, _ = two_sub_districts()
    application = ROW_MAKERS["housing_swap.application"](sub_a)
    Application.objects.filter(pk=application.pk)  # current row
    first = application.history.earliest()
    application.household_size = 4
    application.save()
    staff_login(client, make_staff(role))
    url = f"{_history_url(application)}{first.history_id}/"
    assert client.get(url).status_code == 200
    response = client.post(url, {})
    assert response.status_code == 403
    application.refresh_from_db()
    assert application.household_size == 4 and application.id_number  # nothing reverted, nothing blanked
    assert "Revert" not in client.get(url).content.decode() and "恢复" not in client.get(url).content.decode()


@pytest.mark.parametrize("role", ["superuser", "hsadmin", "auditor"])
def test_the_audit_log_cannot_be_added_changed_or_deleted(client, role, superuser):
    ensure_roles()
    entry = ROW_MAKERS["housing_swap.auditlog"](None)
    user = superuser if role == "superuser" else make_staff(role)
    staff_login(client, user)
    base = "/admin/housing_swap/auditlog/"
    assert client.get(base).status_code == 200
    assert client.get(f"{base}add/").status_code == 403
    assert client.post(f"{base}add/", {"action": "reveal", "target": "x"}).status_code == 403
    change = client.get(f"{base}{entry.pk}/change/")
    assert change.status_code == 200 and not change.context["has_change_permission"]
    assert client.post(f"{base}{entry.pk}/change/", {"target": "forged"}).status_code == 403
    assert client.get(f"{base}{entry.pk}/delete/").status_code == 403
    assert client.post(f"{base}{entry.pk}/delete/", {"post": "yes"}).status_code == 403
    response = client.post(base, {"action": "delete_selected", "_selected_action": [entry.pk], "post": "yes"})
    assert response.status_code in (200, 302)
    entry.refresh_from_db()
    assert entry.target == "id_number"
    assert AuditLog.objects.filter(pk=entry.pk).exists()
    model_admin = admin.site._registry[AuditLog]
    request = change.wsgi_request
    assert "delete_selected" not in model_admin.get_actions(request)
