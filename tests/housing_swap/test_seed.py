from io import StringIO

from django.contrib.auth import get_user_model

from apps.housing_swap import seed
from apps.housing_swap.models import Application, NewHomeProject, Round, RoundStatus


class FakeCommand:
    def __init__(self):
        self.stdout = StringIO()
        self.demo_accounts = []


def test_seed_rounds_projects_and_demo_applications(db, settings):
    settings.DEBUG = True
    get_user_model().objects.create_user(username="resident", password=None)
    get_user_model().objects.create_user(username="reviewer", password=None, is_staff=True)
    seed.run(FakeCommand())
    rounds = {r.number: r for r in Round.objects.all()}
    assert [rounds[n].status for n in (1, 2, 3)] == [RoundStatus.FINISHED] * 3
    assert rounds[4].status == RoundStatus.OPEN and rounds[4].is_open() and rounds[4].is_illustrative
    assert rounds[1].opens_at.year == 2024 and rounds[1].opens_at.month == 2
    # the report does not say which round extended eligibility to the Hankou area: none claims it
    assert [rounds[n].eligible_districts for n in (1, 2, 3)] == [["420104"]] * 3
    assert all("汉口片区" not in rounds[n].title for n in (1, 2, 3))
    # every round's dates, rules and quota are illustrative, and marked so
    assert all(r.is_illustrative for r in rounds.values())
    kaide = NewHomeProject.objects.get(name="恺德云麓")
    assert "88%" in kaide.fact_note
    statuses = set(Application.objects.values_list("status", flat=True))
    assert len(statuses) == 4
    counts = (Round.objects.count(), NewHomeProject.objects.count(), Application.objects.count(),
              Round.history.count(), NewHomeProject.history.count(), Application.history.count())
    seed.run(FakeCommand())
    assert counts == (Round.objects.count(), NewHomeProject.objects.count(), Application.objects.count(),
                      Round.history.count(), NewHomeProject.history.count(), Application.history.count())


def test_seed_without_debug_adds_no_applications(db, settings):
    settings.DEBUG = False
    seed.run(FakeCommand())
    assert Round.objects.count() == 4 and Application.objects.count() == 0
