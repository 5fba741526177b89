import datetime as dt
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from apps.housing_swap.models import Application, Status

from .factories import PDF_BYTES, VALID_ID, RoundFactory, jpeg_bytes, make_id, payload, png_bytes

URL = "/api/v1/housing-swap/applications/"


def test_create_returns_201_submitted_and_masked(auth_client, open_round):
    response = auth_client.post(URL, payload(open_round), format="json")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["status"] == "submitted" and body["id"]
    assert body["id_number"] == VALID_ID[:6] + "********" + VALID_ID[-4:]
    assert body["phone"] == "138****5678"
    assert VALID_ID not in response.content.decode() and "13812345678" not in response.content.decode()
    assert "no-store" in response["Cache-Control"]
    application = Application.objects.get(pk=body["id"])
    assert application.id_number == VALID_ID and application.consent_version


def test_personal_numbers_are_encrypted_at_rest(auth_client, open_round):
    from django.db import connection

    response = auth_client.post(URL, payload(open_round), format="json")
    with connection.cursor() as cursor:
        cursor.execute("SELECT id_number, id_number_hash, old_home_certificate_no FROM housing_swap_application WHERE id = %s",
                       [response.json()["id"]])
        stored_id, stored_hash, stored_cert = cursor.fetchone()
    assert VALID_ID not in stored_id and stored_id.startswith("gAAAA")
    assert "0012345" not in stored_cert
    assert len(stored_hash) == 64 and VALID_ID not in stored_hash


@pytest.mark.parametrize("field,value", [
    ("id_number", "420104196005171234"),           # wrong check digit
    ("id_number", make_id(birth=dt.date(2099, 1, 1))),  # future birth date
    ("id_number", "12345"),
    ("phone", "12812345678"),
    ("phone", "1381234567"),
    ("phone", "١٣٨١٢٣٤٥٦٧٨"),  # Arabic-Indic digits are not a mainland number
    ("old_home_area_m2", 4.99),
    ("old_home_area_m2", 1000.01),
    ("old_home_area_m2", "abc"),
    ("household_size", 0),
    ("household_size", 21),
    ("consent", False),
    ("round", 999999),
    ("desired_project", 999999),
])
def test_each_bad_field_is_a_400_naming_it(auth_client, open_round, field, value):
    response = auth_client.post(URL, payload(open_round, **{field: value}), format="json")
    assert response.status_code == 400
    assert field in response.json(), response.json()


@pytest.mark.parametrize("field", ["applicant_name", "id_number", "phone", "old_home_address",
                                   "old_home_certificate_no", "old_home_area_m2", "household_size", "consent"])
def test_missing_required_field(auth_client, open_round, field):
    data = payload(open_round)
    data.pop(field)
    response = auth_client.post(URL, data, format="json")
    assert response.status_code == 400 and field in response.json()


def test_boundaries_accepted(auth_client, open_round):
    open_round.min_area_m2 = open_round.max_area_m2 = None
    open_round.save()
    response = auth_client.post(URL, payload(open_round, old_home_area_m2=5, household_size=20,
                                             id_number=VALID_ID[:17] + VALID_ID[17].lower()), format="json")
    assert response.status_code == 201, response.json()


def test_messages_follow_accept_language(auth_client, open_round):
    zh = auth_client.post(URL, payload(open_round, household_size=30), format="json")
    en = auth_client.post(URL, payload(open_round, household_size=30), format="json", HTTP_ACCEPT_LANGUAGE="en")
    assert en.json()["household_size"] == ["The household must have between 1 and 20 people."]
    assert zh.json()["household_size"] != en.json()["household_size"]


def test_second_active_application_in_round_is_400(auth_client, open_round):
    assert auth_client.post(URL, payload(open_round), format="json").status_code == 201
    again = auth_client.post(URL, payload(open_round, id_number=make_id(serial=7)), format="json")
    assert again.status_code == 400 and "round" in again.json()


def test_same_owner_through_another_account_is_flagged_not_refused(auth_client, client_for, other_user, open_round):
    """Two relatives may both file for the same owner: staff see it flagged (by keyed hash)."""
    first = auth_client.post(URL, payload(open_round), format="json")
    second = client_for(other_user).post(URL, payload(open_round, is_proxy=True, proxy_relationship="女儿",
                                                                proxy_id_number=make_id(serial=61)),
                                         format="json")
    assert first.status_code == 201 and second.status_code == 201
    flags = dict(Application.objects.with_duplicate_flag().values_list("pk", "possible_duplicate"))
    assert flags == {first.json()["id"]: True, second.json()["id"]: True}
    # the same account filing again for the same owner (now as a proxy) is refused
    again = auth_client.post(URL, payload(open_round, is_proxy=True, proxy_relationship="儿子",
                                         proxy_id_number=make_id(serial=62)), format="json")
    assert again.status_code == 400 and "id_number" in again.json()


def test_closed_round_is_400(auth_client):
    closed = RoundFactory(closes_at=timezone.now() - dt.timedelta(days=1),
                          opens_at=timezone.now() - dt.timedelta(days=20))
    response = auth_client.post(URL, payload(closed), format="json")
    assert response.status_code == 400 and "round" in response.json()


def test_eligibility_rule_failure_names_the_field(auth_client, open_round):
    response = auth_client.post(URL, payload(open_round, old_home_building_year=timezone.now().year - 2), format="json")
    assert response.status_code == 400 and "old_home_building_year" in response.json()
    response = auth_client.post(URL, payload(open_round, old_home_district="420106"), format="json")
    assert response.status_code == 400 and "old_home_district" in response.json()


def test_anonymous_cannot_apply(api_client, open_round):
    assert api_client.post(URL, payload(open_round), format="json").status_code in (401, 403)


def test_list_and_detail_show_only_own(auth_client, client_for, other_user, open_round, django_assert_max_num_queries):
    mine = auth_client.post(URL, payload(open_round), format="json").json()["id"]
    theirs = client_for(other_user).post(URL, payload(open_round, id_number=make_id(serial=9)), format="json").json()["id"]
    with django_assert_max_num_queries(12):
        listing = auth_client.get(URL)
    assert [r["id"] for r in listing.json()["results"]] == [mine]
    assert auth_client.get(f"{URL}{mine}/").status_code == 200
    assert auth_client.get(f"{URL}{theirs}/").status_code == 404
    assert auth_client.post(f"{URL}{theirs}/withdraw/").status_code == 404
    assert auth_client.post(f"{URL}{theirs}/documents/", {"kind": "id_card", "file": SimpleUploadedFile(
        "a.png", png_bytes())}, format="multipart").status_code == 404


def test_list_query_count_is_constant(auth_client, user, open_round, django_assert_max_num_queries):
    from apps.housing_swap import services

    for i in range(6):
        r = RoundFactory()
        data = payload(r, id_number=make_id(serial=i))
        data.pop("round")
        services.application_submit_new(round_=r, applicant=user, data=data)
    with django_assert_max_num_queries(12):
        response = auth_client.get(URL + "?page_size=100")
    assert response.json()["count"] == 6


@pytest.mark.parametrize("name,content,kind", [
    ("a.png", png_bytes(), "id_card"),
    ("a.jpg", jpeg_bytes(), "id_card"),
    ("a.pdf", PDF_BYTES, "property_certificate"),
    ("misnamed.txt", PDF_BYTES, "property_certificate"),
])
def test_document_upload_accepts_real_types(auth_client, application, name, content, kind):
    response = auth_client.post(f"{URL}{application.pk}/documents/", {"file": SimpleUploadedFile(name, content), "kind": kind},
                                format="multipart")
    assert response.status_code == 201, response.json()
    document = application.documents.get()
    # a random server-side name with the suffix of the real type, nothing of the original name
    assert re.fullmatch(r"housing_swap/\d{4}/\d{2}/[0-9a-f]{32}\.(png|jpg|pdf)", document.file.name)
    expected = {b"%PDF": ".pdf", b"\x89PNG": ".png"}.get(content[:4], ".jpg")
    assert document.file.name.endswith(expected)
    from django.conf import settings

    assert str(settings.PRIVATE_MEDIA_ROOT) in document.file.path
    assert str(settings.MEDIA_ROOT) not in document.file.path
    download = auth_client.get(response.json()["url"])
    assert download.status_code == 200 and b"".join(download.streaming_content) == content


@pytest.mark.parametrize("content", [
    b"GIF89a" + b"\0" * 100,
    b"\x89PNG\r\n\x1a\n" + b"not really a png",
    b"\xff\xd8\xff" + b"junk" * 10,
    b"%PDF-1.4 but no end",
    b"<html><script>alert(1)</script></html>",
    b"",
])
def test_document_upload_rejects_other_content(auth_client, application, content):
    response = auth_client.post(f"{URL}{application.pk}/documents/",
                                {"file": SimpleUploadedFile("x.png", content, content_type="image/png"), "kind": "id_card"},
                                format="multipart")
    assert response.status_code == 400 and "file" in response.json()
    assert application.documents.count() == 0


def test_document_over_10_mb_is_400(auth_client, application):
    big = PDF_BYTES[:-7] + b"0" * (10 * 1024 * 1024) + b"\n%%EOF\n"
    response = auth_client.post(f"{URL}{application.pk}/documents/",
                                {"file": SimpleUploadedFile("big.pdf", big), "kind": "id_card"}, format="multipart")
    assert response.status_code == 400 and "file" in response.json()


def test_document_bad_kind_is_400(auth_client, application):
    response = auth_client.post(f"{URL}{application.pk}/documents/",
                                {"file": SimpleUploadedFile("a.png", png_bytes()), "kind": "selfie"}, format="multipart")
    assert response.status_code == 400 and "kind" in response.json()


def test_withdraw(auth_client, application):
    response = auth_client.post(f"{URL}{application.pk}/withdraw/", {"note": "不换了"}, format="json")
    assert response.status_code == 200 and response.json()["status"] == Status.WITHDRAWN
    again = auth_client.post(f"{URL}{application.pk}/withdraw/", {}, format="json")
    assert again.status_code == 400 and "status" in again.json()


def test_internal_notes_never_reach_the_applicant(auth_client, application, reviewer):
    from apps.housing_swap import services

    services.application_transition(application=application, to_status=Status.UNDER_REVIEW, actor=reviewer,
                                    as_staff=True, public_note="开始审核", internal_note="SECRET-INTERNAL")
    services.internal_note_add(application=application, author=reviewer, text="SECRET-NOTE")
    body = auth_client.get(f"{URL}{application.pk}/").content.decode()
    assert "开始审核" in body and "SECRET" not in body


def test_rounds_and_projects_are_public(api_client, open_round, django_assert_max_num_queries):
    RoundFactory.create_batch(3)
    with django_assert_max_num_queries(6):
        rounds = api_client.get("/api/v1/housing-swap/rounds/")
    assert rounds.status_code == 200 and rounds.json()["count"] == 4
    item = rounds.json()["results"][-1]
    assert {"number", "opens_at", "closes_at", "status", "eligible_areas"} <= set(item)
    with django_assert_max_num_queries(6):
        projects = api_client.get("/api/v1/housing-swap/projects/")
    assert projects.status_code == 200 and projects.json()["count"] == 4
    RoundFactory(status="draft")
    assert api_client.get("/api/v1/housing-swap/rounds/").json()["count"] == 4


def test_eligibility_api_names_failing_rules(api_client, open_round):
    response = api_client.post("/api/v1/housing-swap/eligibility/", {
        "round": open_round.pk, "old_home_area_m2": 8, "old_home_building_year": timezone.now().year,
        "old_home_ownership": "public_rental", "old_home_district": "420104",
    }, format="json", HTTP_ACCEPT_LANGUAGE="en")
    body = response.json()
    assert response.status_code == 200 and body["eligible"] is False
    assert {f["rule"] for f in body["failures"]} == {"area_min", "building_age", "ownership"}
    ok = api_client.post("/api/v1/housing-swap/eligibility/", {
        "round": open_round.pk, "old_home_area_m2": 80, "old_home_building_year": 1995,
        "old_home_ownership": "commercial", "old_home_district": "420102"}, format="json")
    assert ok.json()["eligible"] is True and ok.json()["failures"] == []
    bad = api_client.post("/api/v1/housing-swap/eligibility/", {"round": open_round.pk, "old_home_area_m2": 2000},
                          format="json")
    assert bad.status_code == 400 and "old_home_area_m2" in bad.json()


def test_proxy_application_and_members(auth_client, open_round):
    response = auth_client.post(URL, payload(open_round, is_proxy=True, proxy_name="李四", proxy_relationship="女儿",
                                             proxy_id_number=make_id(serial=63),
                                             household_members=[{"name": "张小", "relationship": "配偶", "birth_year": 1962}]),
                                format="json")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["is_proxy"] is True and body["household_members"][0]["name"] == "张*"
    assert "proxy_authorisation" in body["missing_document_kinds"]
    missing = auth_client.post(URL, payload(open_round, is_proxy=True, id_number=make_id(serial=5)), format="json")
    assert missing.status_code == 400 and {"proxy_relationship", "proxy_id_number"} <= set(missing.json())
    proxy_number = make_id(serial=63)
    assert body["proxy_id_number"] == f"{proxy_number[:6]}********{proxy_number[-4:]}"
    assert proxy_number not in response.content.decode()
    stored = Application.objects.get(pk=body["id"])
    assert stored.proxy_id_number == proxy_number and stored.proxy_id_number_hash


def test_submit_is_throttled(auth_client, open_round, throttle_rate):
    throttle_rate("application_submit", "2/hour")
    codes = [auth_client.post(URL, payload(open_round, consent=False), format="json").status_code for _ in range(3)]
    assert codes == [400, 400, 429]
