"""``{% load facility_cards %}`` writes what the template expressions it replaced wrote
(issue 21): ``{% place_names facility %}`` is ``{{ facility.community.sub_district.display_name }}
· {{ facility.community.display_name }}``, escaped, in each language, a missing English name
falling back to the Chinese one."""

import pytest
from django.template import Context, Template
from django.utils import translation

from tests.factories import CommunityFactory, FacilityFactory, SubDistrictFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_place_names_is_what_the_expressions_wrote(language):
    named = CommunityFactory(sub_district=SubDistrictFactory(name="汉正街<街道>", name_en="Hanzhengjie & Co"),
                             name="万安巷社区", name_en="Wan'anxiang \"Community\"")
    unnamed = CommunityFactory(sub_district=SubDistrictFactory(name="宝丰街道", name_en=""), name="宝丰社区", name_en="")
    tag = Template("{% load facility_cards %}{% place_names f %}")
    expressions = Template("{{ f.community.sub_district.display_name }} · {{ f.community.display_name }}")
    with translation.override(language):
        for community in (named, unnamed):
            facility = FacilityFactory(community=community)
            assert tag.render(Context({"f": facility})) == expressions.render(Context({"f": facility}))
    assert "&lt;" in tag.render(Context({"f": FacilityFactory(community=named)}))
