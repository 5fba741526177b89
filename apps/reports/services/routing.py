"""Who answers for a report: the routing rule, its group and officials, and the operator of
the facility it is about (a charging company for its stations)."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db.models import Q

from apps.accounts import roles

from .. import operators
from ..models import Report, ReportEvent, RoutingRule
from . import notify

HANDLE_PERM_CODENAME = "handle_report"


def rule_for(*, kind: str, category_id: int, sub_district_id: int) -> RoutingRule | None:
    """The most specific active rule matching; ties go to the lower priority, then the older."""
    candidates = RoutingRule.objects.filter(active=True).filter(
        Q(kind="") | Q(kind=kind or "-"),
        Q(category__isnull=True) | Q(category_id=category_id),
        Q(sub_district__isnull=True) | Q(sub_district_id=sub_district_id),
    )
    ranked = sorted(candidates, key=lambda rule: (-rule.specificity, rule.priority, rule.pk))
    return ranked[0] if ranked else None


def report_route(*, report: Report, now, actor=None, operator: bool = True) -> Report:
    """Apply the routing rules to ``report`` (inside the caller's transaction): its rule and
    group, and with ``operator`` the facility's operator when the rule wants it."""
    rule = rule_for(kind=report.kind, category_id=report.category_id, sub_district_id=report.sub_district_id)
    report.routing_rule = rule
    report.responsible_group_id = rule.group_id if rule else None
    fields = ["routing_rule", "responsible_group"]
    if operator and (rule is None or rule.route_to_operator):
        found = operators.operator_of(report.kind, report.facility_id)
        if found:
            report.operator_key, report.operator_name = found
            fields += ["operator_key", "operator_name"]
    report.save(update_fields=fields)
    if rule is not None or report.operator_key:
        note = ", ".join(filter(None, [str(rule) if rule else "", report.operator_name]))
        ReportEvent.objects.create(report=report, action=ReportEvent.Action.ROUTED, from_status=report.status,
                                   to_status=report.status, internal_note=note[:2000], actor=actor, created_at=now)
    if report.operator_key:
        notify.publish_to_operator(report=report, actor=actor)
    return report


def _handlers():
    return get_user_model().objects.filter(is_active=True, is_staff=True).filter(
        Q(groups__permissions__codename=HANDLE_PERM_CODENAME, groups__permissions__content_type__app_label="reports")
        | Q(is_superuser=True)
    )


def officials_for(*, sub_district_id: int, rule: RoutingRule | None) -> set[int]:
    """The officials responsible for a report of this sub-district under ``rule``: the rule's
    named officials, its group's members who work in the sub-district; without either, the
    sub-district's officials. District administrators are not included (they get escalations)."""
    found: set[int] = set()
    if rule is not None:
        found |= set(rule.officials.filter(is_active=True).values_list("pk", flat=True))
        if rule.group_id:
            found |= set(_handlers().filter(groups=rule.group_id, sub_districts=sub_district_id)
                         .values_list("pk", flat=True))
    if not found:
        found = set(_handlers().filter(groups__name=roles.OFFICIAL, sub_districts=sub_district_id)
                    .values_list("pk", flat=True))
    return found


def district_admins() -> set[int]:
    return set(get_user_model().objects.filter(is_active=True, groups__name=roles.DISTRICT_ADMIN)
               .values_list("pk", flat=True))
