"""Reads of the reported facts (one query each)."""

from .models import ReportedFact


def facts_by_key(*keys: str) -> dict[str, ReportedFact]:
    """The facts with these keys, by key (missing keys are simply absent)."""
    return {fact.key: fact for fact in ReportedFact.objects.filter(key__in=keys)}


def facts_of_topic(topic: str) -> list[ReportedFact]:
    return list(ReportedFact.objects.topic(topic))
