"""The elder-care and health pages in English show the English form of every seeded value that
has one (names, addresses, operators, who may use a site), as tests/facts checks for the rest."""

import pytest

from tests.facts.test_english_pages import assert_no_chinese_form_shown

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded(seeded_places, command):
    from apps.eldercare import seed as eldercare_seed
    from apps.health import seed as health_seed

    eldercare_seed.run(command)
    health_seed.run(command)


def _pairs():
    from apps.eldercare.models import ElderCareSite
    from apps.health.models import HealthInstitution

    for model, names in ((ElderCareSite, ["name", "address", "operator", "eligibility"]),
                         (HealthInstitution, ["name", "address"])):
        for obj in model.objects.all():
            for name in names:
                zh, en = getattr(obj, name), getattr(obj, f"{name}_en")
                if zh and en and zh not in en:
                    yield model.__name__, name, zh


@pytest.mark.parametrize("kind,model_path", [("eldercare", "apps.eldercare.models.ElderCareSite"),
                                             ("health", "apps.health.models.HealthInstitution")])
def test_english_pages(seeded, client, kind, model_path):
    from django.utils.module_loading import import_string

    model = import_string(model_path)
    pages = [f"/{kind}/"] + [f"/{kind}/{pk}/" for pk in model.objects.order_by("pk").values_list("pk", flat=True)[:8]]
    pages.append(f"/{kind}/{model.objects.order_by('pk').last().pk}/")  # the named one, opening soon
    assert_no_chinese_form_shown(client, pages, list(_pairs()))
