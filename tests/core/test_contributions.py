"""Apps plug into the shared machinery with contributions (issue 16): what an app declares in
its ``AppConfig.ready()`` shows up in the navigation, the cache, the back office's pending work,
exports and audit, and nothing shared names the app."""

import pytest
from django.contrib.auth.models import Permission
from django.utils.translation import gettext_lazy as _

from apps.backoffice import kinds
from apps.backoffice.pending import pending_work
from apps.core import cache as portal_cache
from apps.core.contributions import (
    AuditHook,
    CacheNamespace,
    NavigationEntry,
    PendingWork,
    PersonalFields,
    contribute,
    contributions,
    contributors,
    withdraw,
)
from tests.factories import UserFactory


class FakeApp:
    label = "eldercare_test"


@pytest.fixture
def fake_app():
    yield FakeApp()
    withdraw(FakeApp.label)


def test_the_installed_apps_contribute_the_navigation_in_order():
    paths = [entry.path for entry in contributions(NavigationEntry)]
    expected = ["/", "/nearby/", "/canteens/", "/charging/", "/parks/", "/parking/", "/projects/", "/coverage/",
                "/reports/", "/housing-swap/"]
    # in this order; other kinds' apps add their entries in between
    assert [p for p in paths if p in expected] == expected
    assert {"/eldercare/", "/health/"} <= set(paths)
    owners = {item.path: label for label, item in contributors(NavigationEntry)}
    assert owners["/"] == "projects" and owners["/housing-swap/"] == "housing_swap"


@pytest.mark.django_db
def test_a_new_app_appears_in_the_navigation_of_every_page(client, fake_app):
    contribute(fake_app, NavigationEntry("/fake-kind/", _("Senior canteens"), order=37))
    contribute(fake_app, NavigationEntry("/fake-kind/", _("Senior canteens"), order=37))  # once only
    html = client.get("/nearby/").content.decode()
    assert html.count('href="/fake-kind/"') == 1
    assert html.index('href="/canteens/"') < html.index('href="/fake-kind/"') < html.index('href="/charging/"')
    withdraw(fake_app.label)
    assert 'href="/fake-kind/"' not in client.get("/nearby/").content.decode()


def test_a_new_facility_namespace_joins_the_dashboard_and_invalidation(fake_app):
    assert portal_cache.facility_namespaces()[:4] == ("places", "canteens", "charging", "parks")
    assert "eldercare" in portal_cache.facility_namespaces()
    assert "parking" in portal_cache.facility_namespaces()
    assert {"projects", "coverage"} <= portal_cache.watched_namespaces()
    contribute(fake_app, CacheNamespace("eldercare_test", facilities=True))
    assert portal_cache.facility_namespaces()[-1] == "eldercare_test"
    assert "eldercare_test" in portal_cache.watched_namespaces()


@pytest.mark.django_db
def test_a_new_app_adds_a_line_of_pending_work(fake_app):
    staff = UserFactory(is_staff=True)
    staff.user_permissions.add(Permission.objects.get(codename="view_canteen"))
    seen = []

    def count(user, context):
        seen.append((user, context.today))
        return 3

    contribute(fake_app, PendingWork(key="eldercare_waiting", label=_("Waiting"), permission="canteens.view_canteen",
                                     count=count, url=lambda context: "/admin/", order=5))
    items = pending_work(staff)
    assert [(i.key, i.count, i.url) for i in items] == [("eldercare_waiting", 3, "/admin/")]
    assert seen[0][0] == staff
    other = UserFactory(is_staff=True)
    assert pending_work(other) == []  # without the permission the line is not shown


@pytest.mark.django_db
def test_declared_personal_fields_are_masked_and_revealing_them_is_audited(fake_app):
    from apps.canteens.models import Canteen

    records = []
    contribute(fake_app,
               PersonalFields(model="canteens.canteen", masks={"operator": lambda v: "***"},
                              reveal_permission="canteens.change_canteen", hidden=("address",)),
               AuditHook(lambda **kwargs: records.append(kwargs)))
    columns, _select, _prefetch = kinds.export_plan(Canteen)
    operator = next(c for c in columns if c.header == "operator")
    assert operator.mask is not None
    assert kinds.has_personal_data(Canteen)
    user = UserFactory(is_staff=True)
    assert not kinds.may_reveal(user, Canteen)
    user.user_permissions.add(Permission.objects.get(codename="change_canteen"))
    user = type(user).objects.get(pk=user.pk)
    assert kinds.may_reveal(user, Canteen)
    kinds.audit(actor=user, action="export", target="canteens.canteen: 1 rows", reason="check")
    assert records[-1]["actor"] == user and records[-1]["action"] == "export"


def test_housing_swap_declares_its_personal_data_and_export_permission():
    declared = kinds.personal_fields("housing_swap.application")
    assert declared is not None and "id_number" in declared.masks
    assert declared.masks["id_number"]("420104199001011234") == "420104********1234"
    assert kinds.extra_export_permission("housing_swap.application") == "housing_swap.export_applications"
    assert kinds.extra_export_permission("canteens.canteen") == ""
