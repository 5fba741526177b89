from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from hypothesis import given
from hypothesis import strategies as st

from apps.notices import events
from apps.notices.models import Event
from apps.projects import services
from apps.projects.models import Follow, ProgressMethod, ProgressUpdate, Project, Status
from tests.factories import UserFactory

from .factories import ProjectFactory

pytestmark = pytest.mark.django_db


@given(
    target=st.decimals(min_value=Decimal("0.01"), max_value=Decimal("1e9"), places=2),
    achieved=st.decimals(min_value=0, max_value=Decimal("1e10"), places=2),
)
def test_derived_percent_stays_within_0_and_100(target, achieved):
    percent = services.derived_percent(target=target, achieved=achieved)
    assert Decimal(0) <= percent <= Decimal(100)
    if achieved >= target:
        assert percent == 100


def test_derived_percent_needs_a_positive_target():
    assert services.derived_percent(target=None, achieved=Decimal(1)) is None
    assert services.derived_percent(target=Decimal(0), achieved=Decimal(1)) is None
    assert services.derived_percent(target=Decimal(8), achieved=Decimal(2)) == Decimal("25.00")


def test_progress_derived_from_target_and_achieved():
    project = ProjectFactory(target_quantity=Decimal(11000), achieved_quantity=Decimal(2750))
    services.project_progress_refresh(project=project)
    project.refresh_from_db()
    assert project.progress_percent == Decimal("25.00")


def test_weighted_roll_up_to_the_parent():
    parent = ProjectFactory(target_quantity=Decimal(39), unit="个", achieved_quantity=None)
    hub = ProjectFactory(parent=parent, weight=Decimal(8), target_quantity=Decimal(8), unit="个",
                         achieved_quantity=Decimal(8))
    embedded = ProjectFactory(parent=parent, weight=Decimal(31), target_quantity=Decimal(31), unit="个",
                              achieved_quantity=Decimal(0))
    services.project_progress_refresh(project=hub)
    services.project_progress_refresh(project=embedded)
    parent.refresh_from_db()
    # (8 x 100 + 31 x 0) / 39
    assert parent.progress_percent == Decimal("20.51")
    assert parent.achieved_quantity == Decimal(8)


def test_cancelled_sub_projects_leave_the_roll_up():
    parent = ProjectFactory(achieved_quantity=None, target_quantity=None)
    ProjectFactory(parent=parent, achieved_quantity=Decimal(0), status=Status.CANCELLED)
    done = ProjectFactory(parent=parent, achieved_quantity=Decimal(100))
    services.project_progress_refresh(project=done)
    parent.refresh_from_db()
    assert parent.progress_percent == 100


def test_posting_on_a_sub_project_moves_the_parent(official_a):
    parent = ProjectFactory(achieved_quantity=None, target_quantity=None)
    a = ProjectFactory(parent=parent, target_quantity=Decimal(14))
    ProjectFactory(parent=parent, target_quantity=Decimal(2))
    services.progress_update_post(project=a, actor=official_a, note="道路完工", achieved_quantity=14)
    parent.refresh_from_db()
    assert parent.progress_percent == 50


def test_update_posting_writes_one_event_for_the_followers(project, official_a, user, other_user):
    services.project_follow(user=user, project=project)
    services.project_follow(user=other_user, project=project)
    update = services.progress_update_post(
        project=project, actor=official_a, note="完成一半", achieved_quantity=5500
    )
    project.refresh_from_db()
    assert project.achieved_quantity == 5500
    assert project.progress_percent == 50
    assert update.resulting_percent == 50
    event = Event.objects.get()
    assert event.kind == events.PROJECT_PROGRESS
    assert event.subject == f"projects.progressupdate:{update.pk}"
    assert event.link == project.get_absolute_url()
    assert event.context["percent"] == 50
    assert event.context["achieved"] == 5500
    assert event.context["unit"] == "个"
    assert event.context["title_en"] == "Charging piles"
    assert event.actor == official_a
    # non-personal context only
    assert "wang" not in str(event.context)


def test_update_rolled_back_leaves_no_event(project, official_a):
    with pytest.raises(RuntimeError), transaction.atomic():
        services.progress_update_post(project=project, actor=official_a, note="n", progress_percent=10)
        raise RuntimeError("the surrounding change fails")
    assert Event.objects.count() == 0
    assert project.updates.count() == 0
    project.refresh_from_db()
    assert project.progress_percent == 0


def test_entered_percent_and_completion(project, official_a):
    services.progress_update_post(project=project, actor=official_a, note="n", progress_percent=40)
    project.refresh_from_db()
    assert project.progress_method == ProgressMethod.ENTERED
    assert project.progress_percent == 40
    services.progress_update_post(project=project, actor=official_a, note="done", achieved_quantity=11000)
    project.refresh_from_db()
    assert project.progress_method == ProgressMethod.DERIVED
    assert project.progress_percent == 100
    assert project.status == Status.COMPLETED
    assert project.actual_end is not None


def test_planned_project_starts_with_its_first_update(official_a):
    project = ProjectFactory(status=Status.PLANNED)
    services.progress_update_post(project=project, actor=official_a, note="开工", progress_percent=5)
    project.refresh_from_db()
    assert project.status == Status.IN_PROGRESS
    assert project.actual_start is not None


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"progress_percent": 101}, "progress_percent"),
        ({"progress_percent": -1}, "progress_percent"),
        ({"achieved_quantity": -3}, "achieved_quantity"),
        ({"achieved_quantity": "abc"}, "achieved_quantity"),
        ({}, "achieved_quantity"),
        ({"progress_percent": 5, "note": "  "}, "note"),
    ],
)
def test_invalid_updates_name_the_field(project, official_a, kwargs, field):
    kwargs.setdefault("note", "note")
    with pytest.raises(ValidationError) as info:
        services.progress_update_post(project=project, actor=official_a, **kwargs)
    assert field in info.value.message_dict
    assert Event.objects.count() == 0


def test_no_progress_on_a_cancelled_project(official_a):
    project = ProjectFactory(status=Status.CANCELLED)
    with pytest.raises(ValidationError):
        services.progress_update_post(project=project, actor=official_a, note="n", progress_percent=5)


def test_follow_is_idempotent(project):
    user = UserFactory()
    _f, created = services.project_follow(user=user, project=project)
    _f, again = services.project_follow(user=user, project=project)
    assert (created, again) == (True, False)
    assert Follow.objects.filter(project=project).count() == 1
    assert services.project_unfollow(user=user, project=project) is True
    assert services.project_unfollow(user=user, project=project) is False
    assert Follow.objects.count() == 0


def test_history_is_kept(project, official_a):
    services.progress_update_post(project=project, actor=official_a, note="n", progress_percent=10)
    assert project.history.count() >= 2
    assert Project.history.filter(code=project.code).exists()


def test_roles_grant_the_progress_permissions():
    from django.contrib.auth.models import Permission

    from apps.accounts import roles
    from apps.projects.roles import ROLE_PERMISSIONS

    assert "projects.post_progress" in ROLE_PERMISSIONS[roles.OFFICIAL]
    assert "projects.post_progress_any" not in ROLE_PERMISSIONS[roles.OFFICIAL]
    assert "projects.post_progress_any" in ROLE_PERMISSIONS[roles.DISTRICT_ADMIN]
    for perms in ROLE_PERMISSIONS.values():
        for dotted in perms:
            app_label, codename = dotted.split(".")
            assert Permission.objects.filter(content_type__app_label=app_label, codename=codename).exists()


def test_official_group_can_post_in_own_sub_district(project, street_a, street_b):
    from django.contrib.auth.models import Group

    from apps.accounts import roles
    from apps.accounts.roles import sync_roles
    from apps.projects import access

    sync_roles()
    official = UserFactory(is_staff=True)
    official.groups.add(Group.objects.get(name=roles.OFFICIAL))
    official.sub_districts.add(street_b)
    assert not access.can_post_progress(official, project)
    official.sub_districts.add(street_a)
    official = type(official).objects.get(pk=official.pk)  # fresh permission cache
    assert access.can_post_progress(official, project)
    assert list(access.projects_postable_by(official)) == [project]


def test_rewording_an_update_keeps_its_figures_and_records_who(project, district_admin):
    update = services.progress_update_post(project=project, actor=district_admin, note="完成一半",
                                           achieved_quantity=5500)
    services.progress_update_reword(update=update, actor=district_admin, note="完成约一半",
                                    note_en="About half done")
    update.refresh_from_db()
    assert (update.note, update.note_en, update.achieved_quantity) == ("完成约一半", "About half done", 5500)
    latest = update.history.latest()
    assert latest.history_user == district_admin and latest.history_change_reason == "wording corrected"
    with pytest.raises(ValidationError) as blank:
        services.progress_update_reword(update=update, actor=district_admin, note="  ")
    assert "note" in blank.value.message_dict


def test_withdrawing_an_update_is_in_its_history_and_leaves_the_project(project, district_admin):
    update = services.progress_update_post(project=project, actor=district_admin, note="完成一半",
                                           achieved_quantity=5500)
    project.refresh_from_db()
    percent, pk = project.progress_percent, update.pk
    services.progress_update_delete(update=update, actor=district_admin)
    assert not ProgressUpdate.objects.filter(pk=pk).exists()
    gone = ProgressUpdate.history.filter(id=pk).latest()
    assert gone.history_type == "-" and gone.history_user == district_admin
    project.refresh_from_db()
    assert project.progress_percent == percent


@pytest.mark.parametrize("figures", [{}, {"achieved_quantity": None, "progress_percent": None}])
def test_the_figures_rule_is_one_function(figures):
    with pytest.raises(ValidationError) as missing:
        services.progress_figures_required(achieved_quantity=figures.get("achieved_quantity"),
                                           progress_percent=figures.get("progress_percent"))
    assert set(missing.value.message_dict) == {"achieved_quantity", "progress_percent"}
    services.progress_figures_required(achieved_quantity=0, progress_percent=None)  # zero is a figure
