"""seed_demo's reports part: a few dozen illustrative reports in every state, marked, and a
second run changes nothing."""

import io

from django.contrib.auth import get_user_model

from apps.reports import seed
from apps.reports.models import Report, Status
from tests.factories import FacilityFactory


class Command:
    def __init__(self):
        self.stdout = io.StringIO()


def test_seed_is_illustrative_varied_and_idempotent(community, other_community):
    User = get_user_model()
    User.objects.create_superuser(username="admin", password=None, email="admin@example.com")
    User.objects.create_user(username="resident", password=None, email="resident@example.com")
    for kind in ("charging", "canteen", "park"):
        FacilityFactory(kind=kind, community=community, lat=community.lat, lon=community.lon)
    seed.run(Command())
    reports = list(Report.objects.all())
    assert len(reports) == len(seed.DEMO) >= 30
    assert all(r.description.endswith(seed.MARK) for r in reports)
    assert {r.status for r in reports} == set(Status.values)
    assert {r.sub_district_id for r in reports} == {community.sub_district_id, other_community.sub_district_id}
    assert any(r.rating for r in reports) and any(r.reopen_count for r in reports)
    assert any(r.supporters_count for r in reports) and any(r.location_private for r in reports)
    before = sorted(Report.objects.values_list("id", "status", "updated_at", "supporters_count"))
    seed.run(Command())
    assert sorted(Report.objects.values_list("id", "status", "updated_at", "supporters_count")) == before


def test_seed_adds_illustrative_routing_rules_once_and_routes_by_them(community, other_community):
    from apps.reports.models import RoutingRule

    User = get_user_model()
    admin = User.objects.create_superuser(username="admin", password=None, email="admin@example.com")
    seed.run(Command())
    rules = list(RoutingRule.objects.order_by("pk"))
    assert len(rules) == len(seed.DEMO_RULES) >= 3
    assert all(rule.note.endswith(seed.MARK) for rule in rules)  # marked illustrative
    assert {rule.kind for rule in rules} >= {"charging", "parking"}  # by kind
    assert any(rule.category_id and not rule.sub_district_id for rule in rules)  # by category
    by_street = [rule for rule in rules if rule.sub_district_id]  # by category and sub-district
    assert by_street and list(by_street[0].officials.all()) == [admin]
    assert not RoutingRule.objects.get(category__code="canteen-food-safety").route_to_operator
    lights = Report.objects.filter(category__code="street-lighting", sub_district=by_street[0].sub_district_id)
    assert lights.exists() and all(r.routing_rule_id == by_street[0].pk for r in lights)

    RoutingRule.objects.filter(pk=rules[0].pk).update(priority=7)  # an official's later change is kept
    seed.run(Command())
    assert RoutingRule.objects.count() == len(rules)
    assert RoutingRule.objects.get(pk=rules[0].pk).priority == 7
