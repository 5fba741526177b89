"""Every role against every application URL and action (pages, API, admin)."""

import pytest
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction

from apps.housing_swap import services
from apps.housing_swap.models import Application, ApplicationDocument, AuditLog, Status
from tests.tokens import token_for

from .conftest import staff_login
from .factories import ProjectFactory, png_bytes
from .test_workflow import advance

ROLES = ["anonymous", "owner", "other", "reviewer", "hsadmin", "auditor"]
LOGIN = "login"  # redirected to a login page

# name: (method, url template, kind, expected per role in ROLES order)
CASES = {
    "scheme page": ("get", "/housing-swap/", "page", [200, 200, 200, 200, 200, 200]),
    "my applications": ("get", "/housing-swap/applications/", "page", [LOGIN, 200, 200, 200, 200, 200]),
    "detail page": ("get", "/housing-swap/applications/{app}/", "page", [LOGIN, 200, 404, 404, 404, 404]),
    "withdraw page": ("get", "/housing-swap/applications/{app}/withdraw/", "page", [LOGIN, 200, 404, 404, 404, 404]),
    "withdraw post": ("post", "/housing-swap/applications/{app}/withdraw/", "page", [LOGIN, 302, 404, 404, 404, 404]),
    "step page": ("get", "/housing-swap/applications/{app}/steps/applicant/", "page", [LOGIN, 302, 404, 404, 404, 404]),
    "submit post": ("post", "/housing-swap/applications/{app}/submit/", "page", [LOGIN, 302, 404, 404, 404, 404]),
    "upload post": ("upload", "/housing-swap/applications/{app}/documents/", "page", [LOGIN, 302, 404, 404, 404, 404]),
    # issue 18 item 2: staff open documents only of applications assigned to them (below)
    "document file": ("get", "/housing-swap/documents/{doc}/", "page", [LOGIN, 200, 404, 404, 404, 404]),
    "api list": ("get", "/api/v1/housing-swap/applications/", "api", [401, 200, 200, 200, 200, 200]),
    "api detail": ("get", "/api/v1/housing-swap/applications/{app}/", "api", [401, 200, 404, 404, 404, 404]),
    "api documents": ("get", "/api/v1/housing-swap/applications/{app}/documents/", "api", [401, 200, 404, 404, 404, 404]),
    "api upload": ("upload", "/api/v1/housing-swap/applications/{app}/documents/", "api", [401, 201, 404, 404, 404, 404]),
    "api document file": ("get", "/api/v1/housing-swap/applications/{app}/documents/{doc}/file/", "api",
                          [401, 200, 404, 404, 404, 404]),
    "api withdraw": ("post", "/api/v1/housing-swap/applications/{app}/withdraw/", "api", [401, 200, 404, 404, 404, 404]),
    "admin queue": ("get", "/admin/housing_swap/application/", "admin", [LOGIN, LOGIN, LOGIN, 200, 200, 200]),
    "admin change": ("get", "/admin/housing_swap/application/{app}/change/", "admin", [LOGIN, LOGIN, LOGIN, 200, 200, 200]),
    "admin transition page": ("get", "/admin/housing_swap/application/{app}/transition/under_review/", "admin",
                              [LOGIN, LOGIN, LOGIN, 200, 200, 403]),
    "admin transition post": ("post", "/admin/housing_swap/application/{app}/transition/under_review/", "admin",
                              [LOGIN, LOGIN, LOGIN, 302, 302, 403]),
    "admin reveal": ("get", "/admin/housing_swap/application/{app}/reveal/", "admin", [LOGIN, LOGIN, LOGIN, 403, 200, 403]),
    "admin note": ("get", "/admin/housing_swap/application/{app}/note/", "admin", [LOGIN, LOGIN, LOGIN, 200, 200, 403]),
    "admin assign": ("get", "/admin/housing_swap/application/{app}/assign/", "admin", [LOGIN, LOGIN, LOGIN, 200, 200, 403]),
    "admin history": ("get", "/admin/housing_swap/application/{app}/history/", "admin", [LOGIN, LOGIN, LOGIN, 200, 200, 200]),
    "admin delete": ("get", "/admin/housing_swap/application/{app}/delete/", "admin", [LOGIN, LOGIN, LOGIN, 403, 403, 403]),
    "admin add application": ("get", "/admin/housing_swap/application/add/", "admin", [LOGIN, LOGIN, LOGIN, 403, 403, 403]),
    "admin audit log": ("get", "/admin/housing_swap/auditlog/", "admin", [LOGIN, LOGIN, LOGIN, 403, 200, 200]),
    "admin round add": ("get", "/admin/housing_swap/round/add/", "admin", [LOGIN, LOGIN, LOGIN, 403, 200, 403]),
    "admin statistics": ("get", "/admin/housing_swap/round/statistics/", "admin", [LOGIN, LOGIN, LOGIN, 200, 200, 200]),
    "admin voucher list": ("get", "/admin/housing_swap/voucher/", "admin", [LOGIN, LOGIN, LOGIN, 200, 200, 200]),
    "admin voucher redeem": ("get", "/admin/housing_swap/voucher/{voucher}/redeem/", "admin",
                             [LOGIN, LOGIN, LOGIN, 403, 200, 403]),
    "admin voucher void": ("get", "/admin/housing_swap/voucher/{voucher}/void/", "admin", [LOGIN, LOGIN, LOGIN, 403, 200, 403]),
    "admin ledger": ("get", "/admin/housing_swap/voucher/ledger/", "admin", [LOGIN, LOGIN, LOGIN, 200, 200, 200]),
}


@pytest.fixture
def world(user, other_user, reviewer, hsadmin, auditor, open_round, png_upload):
    data = {"applicant_name": "张三丰", "id_number": "11010519491231002X", "phone": "13812345678",
            "old_home_address": "地址", "old_home_certificate_no": "C-1", "old_home_area_m2": 60,
            "household_size": 2, "consent": True}
    application = services.application_submit_new(round_=open_round, applicant=user, data=data)
    document = services.document_upload(application=application, kind="id_card", upload=png_upload, actor=user)
    # a second, approved application (another round) provides a voucher
    from .factories import RoundFactory

    other_round = RoundFactory()
    approved = services.application_submit_new(round_=other_round, applicant=user,
                                               data={**data, "id_number": _id(5)})
    approved = advance(approved, reviewer, Status.UNDER_REVIEW, Status.APPRAISAL_SCHEDULED, Status.APPRAISED,
                       Status.APPROVED)
    ProjectFactory()
    return {
        "users": {"anonymous": None, "owner": user, "other": other_user, "reviewer": reviewer,
                  "hsadmin": hsadmin, "auditor": auditor},
        "ids": {"app": application.pk, "doc": document.pk, "voucher": approved.vouchers.get().pk},
    }


def _id(serial):
    from .factories import make_id

    return make_id(serial=serial)


def _client(kind, user, client, api_client):
    if kind == "api":
        if user is not None:
            api_client.credentials(HTTP_AUTHORIZATION=f"Token {token_for(user)}")
        return api_client
    if user is not None:
        staff_login(client, user)
    return client


@pytest.mark.parametrize("case", list(CASES))
def test_matrix(world, client, api_client, case):
    """One case, every role; each role's request runs in a savepoint rolled back afterwards."""
    method, template, kind, expected_per_role = CASES[case]
    url = template.format(**world["ids"])
    wrong = []
    for role, expected in zip(ROLES, expected_per_role, strict=True):
        client.logout()
        api_client.credentials()
        http = _client(kind, world["users"][role], client, api_client)
        with transaction.atomic():
            if method == "get":
                response = http.get(url)
            elif method == "post":
                response = http.post(url, {"public_note": "开始审核"} if kind == "admin" else {})
            else:
                upload = SimpleUploadedFile("p.png", png_bytes(), content_type="image/png")
                response = http.post(url, {"kind": "property_certificate", "file": upload},
                                     **({"format": "multipart"} if kind == "api" else {}))
            transaction.set_rollback(True)
        code = response.status_code
        if expected == LOGIN:
            ok = code == 302 and "login" in response["Location"]
        elif expected == 401:
            ok = code in (401, 403)
        else:
            ok = code == expected
        if not ok:
            wrong.append((role, expected, code))
    assert not wrong, f"{case}: (role, expected, got) {wrong}"


def test_staff_document_views_are_audited_owner_views_are_not(world, client):
    url = "/housing-swap/documents/{doc}/".format(**world["ids"])
    staff_login(client, world["users"]["owner"])
    client.get(url)
    assert AuditLog.objects.filter(action="document_view").count() == 0
    reviewer = world["users"]["reviewer"]
    Application.objects.filter(pk=world["ids"]["app"]).update(assigned_reviewer=reviewer)
    staff_login(client, reviewer)
    asked = client.get(url)  # no reason: a page asks for it, no file, nothing logged
    assert asked.status_code == 200 and "reason" in asked.content.decode() and not asked.streaming
    assert client.get(url + "?reason=看").status_code == 400  # too short
    assert AuditLog.objects.filter(action="document_view").count() == 0
    response = client.get(url + "?reason=核对身份证")
    assert response.status_code == 200 and response.streaming
    entry = AuditLog.objects.get(action="document_view")
    assert entry.actor == reviewer and entry.reason == "核对身份证"


def test_staff_open_documents_only_of_applications_assigned_to_them(world, client, django_user_model):
    url = "/housing-swap/documents/{doc}/?reason=核对身份证".format(**world["ids"])
    reviewer, hsadmin = world["users"]["reviewer"], world["users"]["hsadmin"]
    for user in (reviewer, hsadmin):
        staff_login(client, user)
        assert client.get(url).status_code == 404
    Application.objects.filter(pk=world["ids"]["app"]).update(assigned_reviewer=hsadmin)
    assert client.get(url).status_code == 200  # hsadmin, now assigned
    staff_login(client, reviewer)
    assert client.get(url).status_code == 404
    # or the application is in the queue of the staff member's sub-districts
    from apps.accounts import roles
    from apps.places.models import SubDistrict

    sub = SubDistrict.objects.first() or _sub_district()
    Application.objects.filter(pk=world["ids"]["app"]).update(old_home_sub_district=sub)
    reviewer.groups.add(Group.objects.get(name=roles.OFFICIAL))
    reviewer.sub_districts.add(sub)
    reviewer = django_user_model.objects.get(pk=reviewer.pk)
    staff_login(client, reviewer)
    assert client.get(url).status_code == 200


def _sub_district():
    from tests.factories import SubDistrictFactory

    return SubDistrictFactory()


def test_bulk_document_access_is_throttled_and_alerts_the_district_admin(world, client, settings, png_upload):
    from apps.backoffice.pending import pending_work
    from tests.backoffice.rows import make_staff

    from .factories import RoundFactory

    settings.HOUSING_SWAP_DOCUMENT_APPLICATIONS_PER_HOUR = 2
    reviewer, owner = world["users"]["reviewer"], world["users"]["owner"]
    documents = [ApplicationDocument.objects.get(pk=world["ids"]["doc"])]
    for serial in (31, 32):
        round_ = RoundFactory()
        data = {"applicant_name": "张三丰", "id_number": _id(serial), "phone": "13812345678",
                "old_home_address": "地址", "old_home_certificate_no": "C-1", "old_home_area_m2": 60,
                "household_size": 2, "consent": True}
        application = services.application_submit_new(round_=round_, applicant=owner, data=data)
        upload = SimpleUploadedFile("p.png", png_bytes(), content_type="image/png")
        documents.append(services.document_upload(application=application, kind="id_card", upload=upload, actor=owner))
    Application.objects.update(assigned_reviewer=reviewer)
    staff_login(client, reviewer)
    opened = [client.get(f"/housing-swap/documents/{d.pk}/?reason=核对身份证").status_code for d in documents]
    assert opened == [200, 200, 429]
    assert client.get(f"/housing-swap/documents/{documents[0].pk}/?reason=再次核对身份证").status_code == 200  # seen: fine
    assert client.get(f"/housing-swap/documents/{documents[2].pk}/?reason=核对身份证").status_code == 429
    alert = AuditLog.objects.get(action="access_alert")  # one alert, committed though the view was refused
    assert alert.actor == reviewer
    assert AuditLog.objects.filter(action="document_view").count() == 3
    items = {i.key: i for i in pending_work(make_staff("administrator"))}
    assert items["document_access_alerts"].count == 1
    staff_login(client, make_staff("administrator"))
    listing = client.get(items["document_access_alerts"].url)
    assert listing.status_code == 200 and listing.context["cl"].result_count == 1


@pytest.mark.parametrize("case", [name for name, spec in CASES.items() if spec[2] != "api"])
@pytest.mark.parametrize("role", ["reviewer", "hsadmin", "auditor"])
def test_staff_without_a_verified_device_get_only_the_two_factor_step(world, client, case, role):
    """Issue 18 item 1: a staff session signed in with the password alone reaches no page,
    file or admin view (the document file included), even one assigned to them."""
    method, template, _kind, _expected = CASES[case]
    user = world["users"][role]
    Application.objects.filter(pk=world["ids"]["app"]).update(assigned_reviewer=user)
    client.force_login(user)  # no second factor in this session
    url = template.format(**world["ids"])
    response = client.get(url + ("?reason=核对身份证" if "documents" in url else "")) if method == "get" \
        else client.post(url, {})
    assert response.status_code == 302, (case, role, response.status_code)
    assert response["Location"].startswith("/accounts/two-factor/?next=")
    assert not AuditLog.objects.filter(action="document_view").exists()


@pytest.mark.parametrize("case", [name for name, spec in CASES.items() if spec[2] == "api"])
def test_staff_api_calls_on_a_password_only_session_are_refused(world, client, case):
    method, template, _kind, _expected = CASES[case]
    client.force_login(world["users"]["hsadmin"])
    url = template.format(**world["ids"])
    response = client.get(url) if method == "get" else client.post(url, {})
    assert response.status_code == 403, (case, response.status_code)
