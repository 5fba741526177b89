"""A facility kind is one app: every list of kinds is read from places.registry, so a kind
registered by its own app shows up in the kind field's validation, nearby, coverage, the
dashboard and generate_facilities without a shared module naming it."""

import pytest
from django.core.exceptions import ValidationError

from apps.coverage.forms import kind_choices as coverage_kind_choices
from apps.coverage.models import coverage_kinds, default_reach_m
from apps.places import registry
from apps.places.generation import kind_weights
from apps.places.models import Facility
from apps.projects.selectors import facility_counts
from tests.factories import CommunityFactory


@pytest.fixture
def extra_kind(monkeypatch):
    kinds = dict(registry._KINDS)
    kinds["sauna"] = registry.KindInfo(
        kind="sauna", label="Sauna", detail_url_name="places:nearby", list_url_name="places:nearby",
        generated_name=("浴室", "Sauna"), generation_weight=0.1, coverage_reach_m=700,
    )
    monkeypatch.setattr(registry, "_KINDS", kinds)
    return "sauna"


def test_the_kind_field_accepts_registered_kinds_only(db, extra_kind):
    community = CommunityFactory()
    facility = Facility(kind=extra_kind, name="x", address="y", community=community, lat=30.6, lon=114.2)
    facility.full_clean(exclude=["cell"])
    facility.kind = "unheard-of"
    with pytest.raises(ValidationError) as raised:
        facility.full_clean(exclude=["cell"])
    assert "kind" in raised.value.message_dict


def test_every_list_of_kinds_follows_the_registry(db, extra_kind):
    assert (extra_kind, "Sauna") in registry.kind_choices()
    assert extra_kind in coverage_kinds() and default_reach_m()[extra_kind] == 700
    assert extra_kind in [k for k, _ in coverage_kind_choices()]
    assert (extra_kind, 0.1) in kind_weights()
    kinds = facility_counts()["kinds"]
    assert {"kind": extra_kind, "label": "Sauna", "url": "/nearby/"} in kinds


def test_kinds_without_coverage_or_mix_weight_stay_out(db, monkeypatch):
    kinds = dict(registry._KINDS)
    kinds["kiosk"] = registry.KindInfo(kind="kiosk", label="Kiosk", detail_url_name="places:nearby")
    monkeypatch.setattr(registry, "_KINDS", kinds)
    assert "kiosk" not in coverage_kinds()
    assert "kiosk" not in [k for k, _ in kind_weights()]
    assert registry.list_url("kiosk") == ""
