"""What the facility kinds' list pages render (issue 21: a list page spent more than half its
time in templates): their filter forms without Django's widget templates (``form_controls``),
their cards without a template per card, and every template read from disk once per process."""

from collections import Counter
from datetime import datetime

import pytest
from django.forms.renderers import get_default_renderer
from django.template import engines
from django.utils import timezone

from apps.places import registry

KINDS = sorted(kind for kind in registry.registered_kinds() if registry.list_url(kind))


LISTS = [registry.list_url(kind) for kind in KINDS] + ["/projects/"]


@pytest.mark.parametrize("url", LISTS)
def test_list_pages_render_no_widget_template_and_no_template_per_card(client, portal_data, monkeypatch, url):
    # open_now=false (a filtered, uncached page) at a moment every facility is closed: at 07:30 on
    # a Monday the canteens are all open and the page had no card to count
    sunday_night = timezone.make_aware(datetime(2026, 12, 6, 3, 0))
    monkeypatch.setattr("apps.places.filters.local_now", lambda: sunday_night)
    response = client.get(url, {"open_now": "false"} if url != "/projects/" else {})
    assert response.status_code == 200
    cards = response.content.decode().count('<li class="card')
    assert cards >= 2, url
    names = [template.name for template in response.templates]
    assert not [name for name in names if name.startswith("django/forms/")], names
    assert max(Counter(names).values()) < cards, names  # none once per card


@pytest.mark.parametrize("kind", KINDS)
def test_a_bad_filter_value_is_still_said_by_djangos_error_list(client, db, kind):
    response = client.get(registry.list_url(kind), {"open_now": "maybe"})
    assert response.status_code == 400
    forms = {t.name for t in response.templates if t.name.startswith("django/forms/")}
    assert forms == {"django/forms/errors/list/default.html", "django/forms/errors/list/ul.html"}
    assert "places/_filter_common.html" in {t.name for t in response.templates}


def test_templates_are_read_once_per_process():
    """The cached template loader (Django's default when no loaders are given), for pages and
    for the form widgets and error lists that are still Django's."""
    for engine in (engines["django"].engine, get_default_renderer().engine.engine):
        assert [type(loader).__module__ for loader in engine.template_loaders] == ["django.template.loaders.cached"]
