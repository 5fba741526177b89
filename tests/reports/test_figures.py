"""The 12345 measures (issue 17 item 4) against figures computed by hand, the dashboard
section and the open-data CSV."""

import csv
import datetime as dt
import io

import pytest

from apps.reports import figures, services
from apps.reports.models import Status

from .conftest import POINT, TUESDAY_10

pytestmark = pytest.mark.django_db

H = dt.timedelta(hours=1)
DECEMBER = dt.date(2026, 12, 1)
NOW = TUESDAY_10 + dt.timedelta(days=10)


def submit(**kwargs):
    values = {"category": "street-lighting", "description": "路灯不亮已经三天了", "lat": POINT[0], "lon": POINT[1],
              "now": TUESDAY_10}
    values.update(kwargs)
    return services.report_submit(**values)


def handled(official, report, *, ack=None, resolve=None, rating=None, resolver=None, start=TUESDAY_10):
    if ack is not None:
        services.report_transition(report=report, to_status=Status.ACKNOWLEDGED, actor=official, now=start + ack)
    if resolve is not None:
        services.report_transition(report=report, to_status=Status.RESOLVED, actor=official,
                                   public_answer="已经处理完毕", now=start + resolve)
    if rating is not None:
        services.report_rate(report=report, user=report.reporter, rating=rating, now=start + resolve + H)
    return report


@pytest.fixture
def world(official, other_official, resident, community, other_community):
    # sub-district A, street lighting (acknowledge within 4 working hours)
    handled(official, submit(reporter=resident), ack=1 * H, resolve=10 * H, rating="satisfied")
    handled(official, submit(reporter=resident), ack=5 * H, resolve=30 * H, rating="basically_satisfied")  # late answer
    handled(official, submit(reporter=resident), ack=2 * H, resolve=50 * H, rating="dissatisfied")  # reopened
    submit()  # never answered: past its acknowledge deadline
    services.report_transition(report=submit(), to_status=Status.TRANSFERRED, actor=official,
                               public_answer="属于供电公司，已转交", now=TUESDAY_10 + H)  # not ours
    # sub-district B, litter
    handled(other_official, submit(category="litter", lat=other_community.lat, lon=other_community.lon),
            ack=1 * H, resolve=2 * H)
    # November: another month
    november = dt.datetime(2026, 11, 10, 2, 0, tzinfo=dt.UTC)
    handled(official, submit(now=november), ack=1 * H, resolve=3 * H, start=november)
    return community.sub_district, other_community.sub_district


def test_rates_and_medians_by_hand(world):
    street_a, street_b = world
    rows = figures.monthly_figures(first=DECEMBER, last=DECEMBER, now=NOW)
    assert {(r["month"], r["sub_district_id"], r["category"][0]) for r in rows} == {
        (DECEMBER, street_a.pk, "street-lighting"), (DECEMBER, street_b.pk, "litter")}
    a = next(r for r in rows if r["sub_district_id"] == street_a.pk)
    assert a["reports"] == 5
    # answered in time: 1 h, 2 h and the transfer at 1 h; late: 5 h; never: past its deadline
    assert (a["responded_in_time"], a["response_base"], a["response_rate"]) == (3, 5, 60.0)
    # resolved: two of the four that are the district's (the dissatisfied one was reopened)
    assert (a["resolved"], a["resolution_base"], a["resolution_rate"]) == (2, 4, 50.0)
    assert (a["satisfied"], a["rated"], a["satisfaction_rate"]) == (2, 3, 66.7)
    # acknowledge: 1 h, 1 h (transfer), 2 h, 5 h -> median 1.5 h; resolve: 10, 30, 50 h -> 30 h
    assert a["median_acknowledge_hours"] == 1.5
    assert a["median_resolve_hours"] == 30.0
    b = next(r for r in rows if r["sub_district_id"] == street_b.pk)
    assert (b["reports"], b["response_rate"], b["resolution_rate"], b["satisfaction_rate"]) == (1, 100.0, 100.0, None)
    assert (b["median_acknowledge_hours"], b["median_resolve_hours"]) == (1.0, 2.0)


def test_grouping_by_month_and_filters(world):
    street_a, _street_b = world
    by_month = figures.monthly_figures(first=dt.date(2026, 11, 1), last=DECEMBER, by=("month",), now=NOW)
    assert [(r["month"], r["reports"]) for r in by_month] == [(dt.date(2026, 11, 1), 1), (DECEMBER, 6)]
    december = by_month[1]
    assert december["response_rate"] == round(100 * 4 / 6, 1)
    # acknowledge over the month: 1, 1, 1, 2, 5 h -> 1 h
    assert december["median_acknowledge_hours"] == 1.0
    only_a = figures.monthly_figures(first=DECEMBER, last=DECEMBER, by=("sub_district",), sub_district_id=street_a.pk,
                                     now=NOW)
    assert [r["reports"] for r in only_a] == [5]
    with pytest.raises(ValueError):
        figures.monthly_figures(first=DECEMBER, last=DECEMBER, by=("street",))


def test_dashboard_shows_the_latest_month(client, world):
    page = client.get("/")
    html = page.content.decode()
    assert page.status_code == 200
    assert 'id="h-report-figures"' in html and "2026-12" in html
    assert "/reports/figures.csv" in html
    assert "6 reports" in html or "6 件" in html or ">6<" in html


def test_open_data_csv(client, world):
    response = client.get("/reports/figures.csv?from=2026-11&to=2026-12")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert [(r["month"], r["category_code"], r["reports"]) for r in rows][0] == ("2026-11", "street-lighting", "1")
    assert len(rows) == 3
    lighting = next(r for r in rows if r["month"] == "2026-12" and r["category_code"] == "street-lighting")
    assert lighting["satisfaction_rate"] == "66.7" and lighting["median_resolve_hours"] == "30.0"
    assert "contact" not in response.content.decode() and "13" not in lighting["sub_district"]
    # default: the latest month with reports
    assert len(list(csv.DictReader(io.StringIO(client.get("/reports/figures.csv").content.decode("utf-8-sig"))))) == 2
    for bad in ("from=2026-13", "from=abc", "from=2026-12&to=2026-01", "from=2025-12&to=2026-12"):
        assert client.get(f"/reports/figures.csv?{bad}").status_code == 400, bad


def test_dashboard_in_english_names_the_sub_districts_in_english(client, world):
    html = client.get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    section = html[html.index('id="h-report-figures"'):]
    assert "Baofeng" in section and "宝丰街道" not in section
    assert "Answered within the deadline" in section
