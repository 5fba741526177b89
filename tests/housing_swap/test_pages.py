import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from apps.housing_swap.models import Application, Status
from tests.downloads import assert_download
from tests.otp import staff_login

from .factories import VALID_ID, make_id, png_bytes


@pytest.fixture
def logged_in(client, user):
    staff_login(client, user)
    return client


def test_scheme_page_shows_reported_facts(client, open_round, django_assert_max_num_queries):
    import io

    from apps.facts import seed as facts_seed

    facts_seed.run(type("Command", (), {"stdout": io.StringIO()})())  # the reported figures are data
    with django_assert_max_num_queries(10):
        response = client.get("/housing-swap/")
    body = response.content.decode()
    assert response.status_code == 200
    assert "896" in body and "联谊路片" in body and "汉水四村片" in body and "利北社区片" in body
    assert "14.8亿元" in body and "恺德云麓" in body
    # the vouchers are shown apart, as expropriation resettlement, not as the scheme's results
    assert body.index('id="resettlement-heading"') < body.index("896")
    assert open_round.title in body
    english = client.get("/housing-swap/", HTTP_ACCEPT_LANGUAGE="en")
    assert english.status_code == 200


def test_eligibility_page_names_failing_rule(client, open_round):
    response = client.post("/housing-swap/eligibility/", {
        "round": open_round.pk, "old_home_district": "420104", "old_home_area_m2": "80",
        "old_home_building_year": "2024", "old_home_ownership": "commercial"}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert "The building must be at least 10 years old" in response.content.decode()


def test_multi_step_form_keeps_draft_and_submits(logged_in, user, open_round):
    response = logged_in.post("/housing-swap/apply/", {"round": open_round.pk, "proxy": "0"})
    application = Application.objects.get(applicant=user)
    assert application.status == Status.DRAFT
    base = f"/housing-swap/applications/{application.pk}/steps/"
    assert response["Location"] == base + "applicant/"

    # step 1 with a bad ID: 400-ish page with the field error, nothing saved
    bad = logged_in.post(base + "applicant/", {"applicant_name": "张三丰", "id_number": VALID_ID[:17] + "0"
                                                if VALID_ID[17] != "0" else VALID_ID[:17] + "1", "phone": "13812345678"},
                         HTTP_ACCEPT_LANGUAGE="en")
    assert bad.status_code == 200 and "check digit" in bad.content.decode()
    # save draft and leave
    saved = logged_in.post(base + "applicant/", {"applicant_name": "张三丰", "id_number": VALID_ID.lower(),
                                                 "phone": "138 1234 5678", "action": "save"})
    assert saved["Location"] == "/housing-swap/applications/"
    application.refresh_from_db()
    assert application.id_number == VALID_ID and application.phone == "13812345678"
    # coming back: the page never echoes the full ID or phone
    page = logged_in.get(base + "applicant/")
    body = page.content.decode()
    assert VALID_ID not in body and "13812345678" not in body and "138****5678" in body
    assert "no-store" in page["Cache-Control"]
    # blank ID keeps the saved one
    logged_in.post(base + "applicant/", {"applicant_name": "张三丰", "id_number": "", "phone": "", "action": "next"})
    application.refresh_from_db()
    assert application.id_number == VALID_ID
    step2 = logged_in.post(base + "home/", {
        "old_home_district": "420104", "old_home_address": "利济北路1号", "old_home_certificate_no": "鄂2012-001",
        "old_home_area_m2": "70.5", "old_home_building_year": "1995", "old_home_ownership": "housing_reform",
        "action": "next"})
    assert step2["Location"] == base + "household/"
    step3 = logged_in.post(base + "household/", {"household_size": "2", "member_0_name": "李梅",
                                                 "member_0_relationship": "配偶", "member_0_birth_year": "1962",
                                                 "action": "next"})
    assert step3["Location"] == base + "choice/"
    project = open_round.projects.first()
    no_consent = logged_in.post(base + "choice/", {"desired_project": project.pk, "action": "next"})
    assert no_consent.status_code == 302  # drafts may lack consent; submit checks it
    review = logged_in.get(base + "review/")
    assert review.status_code == 200
    refused = logged_in.post(f"/housing-swap/applications/{application.pk}/submit/")
    application.refresh_from_db()
    assert refused.status_code == 302 and application.status == Status.DRAFT
    logged_in.post(base + "choice/", {"desired_project": project.pk, "consent": "on", "action": "next"})
    done = logged_in.post(f"/housing-swap/applications/{application.pk}/submit/")
    application.refresh_from_db()
    assert done["Location"] == application.page_url and application.status == Status.SUBMITTED
    assert application.members.get().name == "李梅" and application.consent_version
    detail = logged_in.get(application.page_url)
    assert detail.status_code == 200 and "no-store" in detail["Cache-Control"]
    assert VALID_ID not in detail.content.decode()


def test_upload_and_withdraw_pages(logged_in, application):
    response = logged_in.post(f"/housing-swap/applications/{application.pk}/documents/", {
        "kind": "id_card", "file": SimpleUploadedFile("id.png", png_bytes(), content_type="image/png")})
    assert response.status_code == 302
    document = application.documents.get()
    file_response = logged_in.get(document.page_url)
    assert file_response.status_code == 200 and file_response["Content-Type"] == "image/png"
    assert "no-store" in file_response["Cache-Control"]
    assert_download(file_response, filename=f"id_card-{document.pk}.png", private=True)
    bad = logged_in.post(f"/housing-swap/applications/{application.pk}/documents/", {
        "kind": "id_card", "file": SimpleUploadedFile("id.png", b"nope", content_type="image/png")})
    assert bad.status_code == 400
    assert logged_in.get(f"/housing-swap/applications/{application.pk}/withdraw/").status_code == 200
    logged_in.post(f"/housing-swap/applications/{application.pk}/withdraw/", {"note": ""})
    application.refresh_from_db()
    assert application.status == Status.WITHDRAWN


def test_mine_query_count_constant(logged_in, user, django_assert_max_num_queries):
    from apps.housing_swap import services

    from .factories import RoundFactory, payload

    for i in range(5):
        r = RoundFactory()
        data = payload(r, id_number=make_id(serial=i))
        data.pop("round")
        services.application_submit_new(round_=r, applicant=user, data=data)
    with django_assert_max_num_queries(14):
        response = logged_in.get("/housing-swap/applications/")
    assert response.status_code == 200 and response.content.decode().count("/housing-swap/applications/") >= 5


def test_page_submission_has_the_api_limit_per_account(logged_in, application, throttle_rate):
    """Submitting from the form counts against the same per-account and per-address limit as
    the API: past it, a translated 429 page with Retry-After, before any work is done."""
    throttle_rate("application_submit", "2/hour")
    url = f"/housing-swap/applications/{application.pk}/submit/"
    codes = [logged_in.post(url, HTTP_ACCEPT_LANGUAGE="en").status_code for _ in range(2)]
    blocked = logged_in.post(url, HTTP_ACCEPT_LANGUAGE="en")
    assert codes == [302, 302]  # submitted, then "already submitted" back on its page
    assert blocked.status_code == 429
    assert int(blocked["Retry-After"]) > 0
    assert "Too many submissions" in blocked.content.decode()
