import csv
import io
import json

import pytest
from django.test import Client

from apps.projects.models import Category, Follow, Status
from tests.downloads import assert_download
from tests.factories import CommunityFactory, FacilityFactory

from .factories import MilestoneFactory, ProgressUpdateFactory, ProjectFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def logged_in(user, password):
    client = Client()
    assert client.login(username=user.username, password=password)
    return client


def test_list_page_shows_progress_as_text(client, project):
    project.progress_percent = 62.5
    project.save()
    response = client.get("/projects/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "充电桩建设" in html
    assert "62.5%" in html
    assert "<progress" in html
    assert html.count("<h1") == 1


def test_list_page_filters(client, street_a):
    ProjectFactory(title="二三年住房", year=2023, category=Category.HOUSING)
    ProjectFactory(title="二四年交通", year=2024, status=Status.DELAYED).sub_districts.add(street_a)
    html = client.get("/projects/?year=2023").content.decode()
    assert "二三年住房" in html and "二四年交通" not in html
    html = client.get(f"/projects/?street={street_a.pk}").content.decode()
    assert "二四年交通" in html and "二三年住房" not in html
    html = client.get("/projects/?status=delayed&category=transport").content.decode()
    assert "二四年交通" in html and "二三年住房" not in html
    assert client.get("/projects/?year=abc").status_code == 200


def test_list_page_in_english(client, project):
    html = client.get("/projects/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Charging piles" in html
    assert "Livelihood projects" in html


def test_list_page_query_count_is_constant(client, street_a, django_assert_max_num_queries):
    for _ in range(20):
        ProjectFactory().sub_districts.add(street_a)
    with django_assert_max_num_queries(8):
        response = client.get("/projects/")
    assert response.status_code == 200


def test_detail_page_target_timeline_facilities(client, project):
    facility = FacilityFactory(kind="charging", name="古田充电站")
    project.facilities.add(facility)
    MilestoneFactory(project=project, title="招标完成")
    ProgressUpdateFactory(project=project, note="首批充电桩投用")
    html = client.get(f"/projects/{project.pk}/").content.decode()
    assert "11,000" in html
    assert "招标完成" in html
    assert "首批充电桩投用" in html
    assert "古田充电站" in html
    assert 'id="project-points"' in html
    assert "places/map.js" in html  # the shared map component
    assert "<script>" not in html.replace('<script src=', "").replace('type="application/json"', "")
    assert client.get("/projects/999999/").status_code == 404


def test_detail_page_in_english(client, project):
    html = client.get(f"/projects/{project.pk}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Charging piles" in html
    assert "Target and achievement" in html
    assert "11,000 piles" in html


def test_follow_button_flow(logged_in, user, project):
    page = logged_in.get(f"/projects/{project.pk}/").content.decode()
    assert 'name="csrfmiddlewaretoken"' in page
    assert 'value="follow"' in page
    response = logged_in.post(f"/projects/{project.pk}/follow/", {"action": "follow"})
    assert response.status_code == 302
    assert Follow.objects.filter(user=user, project=project).exists()
    page = logged_in.get(f"/projects/{project.pk}/").content.decode()
    assert 'value="unfollow"' in page
    logged_in.post(f"/projects/{project.pk}/follow/", {"action": "unfollow"})
    assert not Follow.objects.exists()


def test_follow_needs_csrf(user, password, project):
    client = Client(enforce_csrf_checks=True)
    client.login(username=user.username, password=password)
    assert client.post(f"/projects/{project.pk}/follow/", {"action": "follow"}).status_code == 403
    assert not Follow.objects.exists()


def test_follow_anonymous_is_sent_to_sign_in(client, project):
    response = client.post(f"/projects/{project.pk}/follow/", {"action": "follow"})
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]
    assert client.get(f"/projects/{project.pk}/follow/").status_code == 405


def test_follow_ignores_foreign_next(logged_in, project):
    response = logged_in.post(f"/projects/{project.pk}/follow/", {"next": "https://evil.example/"})
    assert response["Location"] == f"/projects/{project.pk}/"


def test_dashboard_shows_year_figures_and_charts(client):
    ProjectFactory(title="新增充电桩1.1万个", target_quantity=11000, achieved_quantity=11000,
                   status=Status.COMPLETED, is_headline=True, progress_percent=100)
    ProjectFactory(title="筹集保障性租赁住房3384套", target_quantity=3384, achieved_quantity=3384,
                   status=Status.COMPLETED, is_headline=True, progress_percent=100)
    community = CommunityFactory()
    FacilityFactory.create_batch(3, kind="canteen", community=community)
    FacilityFactory(kind="park", community=community, status="draft")
    html = client.get("/").content.decode()
    assert "11,000" in html and "3,384" in html
    assert "<svg" in html and "<title" in html and "<desc" in html
    assert "<table" in html and 'scope="col"' in html
    assert html.count("<h1") == 1
    figures = client.get("/api/v1/dashboard/").json()
    counts = figures["facilities"]
    street = next(s for s in counts["sub_districts"] if s["id"] == community.sub_district_id)
    assert street["counts"]["canteen"] == 3
    assert street["counts"]["park"] == 0  # drafts are not counted


def test_dashboard_query_count_is_constant(client, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    ProjectFactory()
    with CaptureQueriesContext(connection) as few:
        assert client.get("/").status_code == 200
    for _ in range(25):
        ProjectFactory()
    FacilityFactory.create_batch(5)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get("/").status_code == 200
    # the projects part itself: years, projects, facility counts, sub-districts
    assert len(few.captured_queries) <= 16


def test_dashboard_in_english(client, project):
    html = client.get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Charging piles" in html
    assert "Progress of every project" in html


def test_exports_csv_and_json(client, project):
    child = ProjectFactory(parent=project, code="P-A-1")
    ProjectFactory(year=2023)
    response = client.get("/projects/export.csv?year=2024")
    assert response["Content-Type"].startswith("text/csv")
    assert_download(response, filename="projects.csv")
    assert_download(client.get("/projects/export.json?year=2024"), filename="projects.json")
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert {r["code"] for r in rows} == {"P-A", "P-A-1"}
    row = next(r for r in rows if r["code"] == "P-A")
    assert row["target_quantity"] == "11000"
    assert row["title"] == "充电桩建设"
    assert next(r for r in rows if r["code"] == child.code)["parent_code"] == "P-A"
    body = json.loads(client.get("/projects/export.json?year=2024").content)
    assert body["count"] == 2
    assert {r["code"] for r in body["results"]} == {"P-A", "P-A-1"}


def test_export_query_count_is_constant(client, street_a, django_assert_max_num_queries):
    for _ in range(20):
        ProjectFactory().sub_districts.add(street_a)
    with django_assert_max_num_queries(4):
        client.get("/projects/export.csv")
    with django_assert_max_num_queries(4):
        client.get("/projects/export.json")


def test_facility_counts_csv(client):
    community = CommunityFactory()
    FacilityFactory.create_batch(2, kind="charging", community=community)
    response = client.get("/dashboard/facilities.csv")
    assert_download(response, filename="facilities-by-sub-district.csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:2] == ["sub_district_code", "sub_district"]
    charging = rows[0].index("charging")
    street_row = next(r for r in rows if r[0] == community.sub_district.code)
    assert street_row[charging] == "2"


def test_future_milestones_stay_hidden_on_the_page(client, project):
    from datetime import timedelta

    from django.utils import timezone

    MilestoneFactory(project=project, title="明年才公布", published_at=timezone.now() + timedelta(days=30))
    MilestoneFactory(project=project, title="已经公布")
    html = client.get(f"/projects/{project.pk}/").content.decode()
    assert "已经公布" in html and "明年才公布" not in html


def test_detail_page_query_count_is_constant(client, project, django_assert_max_num_queries):
    for _ in range(10):
        ProgressUpdateFactory(project=project)
        MilestoneFactory(project=project)
        project.facilities.add(FacilityFactory())
    with django_assert_max_num_queries(10):
        assert client.get(f"/projects/{project.pk}/").status_code == 200


# What the list's cards wrote with template blocks and loops before the card tags
# (apps.projects.templatetags.projects_tags; issue 21).
_CARD_LINES_AS_TEMPLATE = (
    '{% load i18n projects_tags %}{% for project in projects %}'
    '<p>{% if project.target_quantity is not None %}{% translate "Target" %}: {{ project.target_quantity|quantity }} '
    '{{ project.display_unit }} · {% translate "Achieved" %}: {{ project.achieved_quantity|quantity }} {{ project.display_unit }}'
    '{% endif %}</p>{% blocktranslate asvar progress_label with title=project.display_title %}Progress of {{ title }}'
    '{% endblocktranslate %}{% progress project.progress_percent progress_label %}'
    '{% with streets=project.sub_districts.all %}{% if streets %}<p class="muted">{% translate "Sub-districts" %}: '
    '{% for s in streets %}{{ s.display_name }}{% if not forloop.last %}、{% endif %}{% endfor %}</p>{% endif %}{% endwith %}'
    '{% endfor %}')
_CARD_LINES_AS_TAGS = ('{% load projects_tags %}{% for project in projects %}<p>{% quantities_line project %}</p>'
                       '{% project_progress project %}{% sub_districts_line project %}{% endfor %}')


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_card_tags_write_what_the_template_wrote(street_a, street_b, language):
    from django.template import Context, Template
    from django.utils import translation

    from apps.projects import selectors

    both = ProjectFactory(title="<b>公园</b> & 绿道", title_en="Parks & <greenways>", target_quantity=11000,
                          achieved_quantity="2100.50", unit="个", unit_en="piles & more")
    both.sub_districts.add(street_a, street_b)
    ProjectFactory(title="无目标", title_en="", target_quantity=None, achieved_quantity=None, unit="", unit_en="")
    with translation.override(language):
        projects = list(selectors.project_list())
        context = {"projects": projects}
        written = Template(_CARD_LINES_AS_TAGS).render(Context(context))
        assert written == Template(_CARD_LINES_AS_TEMPLATE).render(Context(context))
    assert "、" in written and "&lt;" in written and "2,100.5" in written
