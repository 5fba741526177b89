"""Reads of the reported facts (one query each)."""

from .models import ReportedFact


def facts_by_key(*keys: str) -> dict[str, ReportedFact]:
    """The facts with these keys, by key (missing keys are simply absent)."""
    return {fact.key: fact for fact in ReportedFact.objects.filter(key__in=keys)}


def facts_of_topics(*topics: str) -> dict[str, list[ReportedFact]]:
    """The facts of several topics in one query, by topic (each list in the page's order)."""
    grouped: dict[str, list[ReportedFact]] = {topic: [] for topic in topics}
    for fact in ReportedFact.objects.filter(topic__in=topics).order_by("order", "key"):
        grouped[fact.topic].append(fact)
    return grouped
