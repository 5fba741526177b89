"""The coverage figures the district reported for 2024 (shared/seeds/facts-2024.md), shown
beside the portal's own figures. They are data (``apps.facts``, topic "coverage"), quoted as
written, never constants here. The portal's figures come from its own (partly illustrative)
data and standards, so they are a check, not a restatement."""

from apps.facts.models import ReportedFact, Topic


def reported_coverage() -> list[ReportedFact]:
    return list(ReportedFact.objects.topic(Topic.COVERAGE))


def reported_by_kind() -> dict[str, ReportedFact]:
    """The first reported figure for each facility kind it compares with (one query)."""
    by_kind: dict[str, ReportedFact] = {}
    for fact in reported_coverage():
        if fact.facility_kind:
            by_kind.setdefault(fact.facility_kind, fact)
    return by_kind
