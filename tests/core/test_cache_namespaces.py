"""Explicit cache invalidation (issue 16, part 2): a namespace's version moves when a model its
app declared in ``CacheNamespace(models=...)`` changes, and only then; nothing listens to
every model of the project."""

import pytest
from django.apps import apps
from django.core.cache import cache
from django.db.models.signals import post_delete, post_save

from apps.core import cache as portal_cache
from apps.core.cache import versions
from apps.core.contributions import CacheNamespace, contribute, withdraw
from tests.charging.factories import station_with_piles
from tests.factories import UserFactory
from tests.projects.factories import ProjectFactory

pytestmark = pytest.mark.django_db


def version(namespace: str):
    return cache.get(f"ns-version:{namespace}")


def test_every_declared_model_exists_and_belongs_to_one_namespace():
    watched = portal_cache.watched_models()
    assert {"canteens.canteen", "places.facility", "projects.project", "coverage.coverageresult"} <= set(watched)
    for label, namespace in watched.items():
        assert apps.get_model(label) is not None
        assert namespace in portal_cache.watched_namespaces()


def test_no_receiver_of_the_cache_listens_to_every_model():
    user_model = apps.get_model("accounts.user")
    for signal in (post_save, post_delete):
        sync_receivers, _async = signal._live_receivers(user_model)
        assert not [r for r in sync_receivers if getattr(r, "__module__", "").startswith("apps.core.cache")]
    canteen = apps.get_model("canteens.canteen")
    sync_receivers, _async = post_save._live_receivers(canteen)
    assert [r for r in sync_receivers if getattr(r, "__module__", "").startswith("apps.core.cache")]


def test_a_declared_model_bumps_its_namespace_and_an_undeclared_one_does_not():
    station = station_with_piles()
    before = version("charging")
    station.name = "新名字充电站"
    station.save()
    after = version("charging")
    assert after is not None and after != before
    # operator tokens and accounts are not on public pages
    UserFactory()  # accounts: not watched by any namespace
    assert version("charging") == after and version("accounts") is None


def test_a_many_to_many_change_bumps_both_sides():
    project = ProjectFactory()
    station = station_with_piles()
    projects_before, places_before = version("projects"), version("places")
    project.facilities.add(station)  # projects.Project <-> places.Facility
    assert version("projects") != projects_before
    assert version("places") != places_before


class FakeApp:
    label = "eldercare_test"


def test_a_new_app_declares_its_models_and_they_invalidate(monkeypatch):
    # a new kind's app declares the models of its namespace; here: reuse a real model
    monkeypatch.setattr(versions, "_namespace_of_model", dict(versions._namespace_of_model))
    contribute(FakeApp(), CacheNamespace("eldercare_test", facilities=True, models=("accounts.user",)))
    try:
        before = version("eldercare_test")
        UserFactory()
        assert version("eldercare_test") not in (None, before)
    finally:
        withdraw(FakeApp.label)
        post_save.disconnect(sender=apps.get_model("accounts.user"), dispatch_uid="cache-save:accounts.user")
        post_delete.disconnect(sender=apps.get_model("accounts.user"), dispatch_uid="cache-delete:accounts.user")
