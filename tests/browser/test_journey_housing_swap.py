"""Journey 3: an applicant checks eligibility, applies for the housing swap with documents,
is asked for one more document by a reviewer in the admin, uploads it, is approved, and sees
the voucher and the full status timeline; another resident cannot open that application.

The applicant works with the keyboard only on desktop (a file chooser gets its file once the
keyboard has focused it) and by touch on a phone. The reviewer uses the Django admin.
"""

import io

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from PIL import Image

from apps.accounts import roles
from apps.housing_swap.models import Application, Status
from tests.browser import data
from tests.browser.helpers import (
    assert_accessible,
    assert_no_horizontal_scroll,
    fill_form,
    path_of,
    press,
    screenshot,
    skip_to_main,
)
from tests.housing_swap.factories import VALID_ID
from tests.otp import browser_two_factor, staff_device

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "Qiaokou-Browser-2024!"
VARIANTS = [("zh", "desktop"), ("en", "desktop"), ("zh", "phone"), ("en", "phone")]

# A tiny but valid PDF (header, one empty page, xref, trailer) and PNG.
PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 72 72]>>endobj\n"
    b"xref\n0 4\n0000000000 65535 f \n0000000009 00000 n \n0000000052 00000 n \n0000000101 00000 n \n"
    b"trailer<</Size 4/Root 1 0 R>>\nstartxref\n164\n%%EOF\n"
)


def png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (16, 16), (30, 120, 200)).save(out, format="PNG")
    return out.getvalue()


def user(username, *, staff=False, role=None):
    account = get_user_model().objects.create_user(
        username=username, password=PASSWORD, email=f"{username}@example.com", is_staff=staff
    )
    if role:
        account.groups.add(Group.objects.get(name=role))
    return account


def sign_in(page, username: str, keyboard: bool, admin: bool = False) -> None:
    if admin:
        page.locator("#id_username").fill(username)
        page.locator("#id_password").fill(PASSWORD)
        with page.expect_navigation():
            page.locator("input[type=submit]").click()
        return
    if keyboard:
        skip_to_main(page)
    fill_form(page, [("main input[name=username]", "text", username), ("main input[name=password]", "text", PASSWORD)],
              keyboard=keyboard)
    press(page, "main form button[type=submit], main form input[type=submit]", keyboard=keyboard)


def upload(page, kind: str, name: str, mime: str, content: bytes, keyboard: bool) -> None:
    if keyboard:
        skip_to_main(page)
    upload_form = "form[enctype='multipart/form-data']"
    fill_form(page, [
        (f"{upload_form} select[name=kind]", "select", kind),
        (f"{upload_form} input[type=file]", "file", {"name": name, "mimeType": mime, "buffer": content}),
    ], keyboard=keyboard)
    press(page, f"{upload_form} button[type=submit]", keyboard=keyboard)
    assert page.locator(".errorlist").count() == 0, page.locator(".errorlist").all_inner_texts()


def staff_transition(page, application, target: str, fields=()) -> None:
    page.goto(f"/admin/housing_swap/application/{application.pk}/change/")
    link = page.locator(f"a[href$='/transition/{target}/']")
    assert link.count() == 1, f"no admin link to move {application.reference} to {target}"
    with page.expect_navigation():
        link.click()
    fill_form(page, fields, keyboard=False)
    with page.expect_navigation():
        page.locator("form input[type=submit]").click()
    errors = page.locator(".errornote, .errorlist").all_inner_texts()
    assert not errors, f"{target}: {errors}"
    application.refresh_from_db()
    assert application.status == target


@pytest.mark.parametrize(("lang", "viewport"), VARIANTS, ids=[f"{lang}-{vp}" for lang, vp in VARIANTS])
def test_housing_swap_application_to_voucher(open_context, live_server, lang, viewport):
    world = data.world("housing")
    round_ = world.housing_round
    keyboard = viewport == "desktop"
    applicant_user = user(f"applicant_{lang}_{viewport}")
    user("neighbour")
    staff_device(user("reviewer_hs", staff=True, role=roles.HOUSING_SWAP_REVIEWER))  # issue 18 item 1

    applicant = open_context(lang=lang, viewport=viewport)
    page = applicant.new_page()

    # 1. Eligibility check (no account needed), then "Apply online" asks to sign in.
    page.goto("/housing-swap/eligibility/")
    if keyboard:
        skip_to_main(page)
    fill_form(page, [
        ("main select[name=round]", "select", round_.pk),
        ("main select[name=old_home_district]", "select", "420104"),
        ("main input[name=old_home_area_m2]", "text", "68.5"),
        ("main input[name=old_home_building_year]", "text", "1992"),
        ("main select[name=old_home_ownership]", "select", "commercial"),
    ], keyboard=keyboard)
    press(page, "main form button[type=submit]", keyboard=keyboard)
    result = page.locator("#result-heading")
    assert result.count() == 1
    assert page.locator("section[aria-labelledby=result-heading] a[href='/housing-swap/apply/']").count() == 1, (
        "an eligible home gets the Apply online link: " + result.inner_text()
    )
    screenshot(page, "journey3-eligibility", lang, viewport)
    press(page, "section[aria-labelledby=result-heading] a[href='/housing-swap/apply/']", keyboard=keyboard)
    assert path_of(page) == "/accounts/login/"
    sign_in(page, applicant_user.username, keyboard)
    assert path_of(page).endswith("/housing-swap/apply/"), page.url

    # 2. The application, step by step.
    if keyboard:
        skip_to_main(page)
    press(page, f"form:has(input[name=round][value='{round_.pk}']) button[name=proxy][value='0']", keyboard=keyboard)
    steps = [
        [
            ("main input[name=applicant_name]", "text", "张三丰"),
            ("main input[name=id_number]", "text", VALID_ID),
            ("main input[name=phone]", "text", "13812345678"),
        ],
        [
            ("main select[name=old_home_district]", "select", "420104"),
            ("main input[name=old_home_address]", "text", "硚口区利济北路1号2单元301"),
            ("main input[name=old_home_certificate_no]", "text", "鄂(2012)武汉市硚口不动产权第0012345号"),
            ("main input[name=old_home_area_m2]", "text", "68.5"),
            ("main input[name=old_home_building_year]", "text", "1992"),
            ("main select[name=old_home_ownership]", "select", "commercial"),
        ],
        [("main input[name=household_size]", "text", "3")],
        [("main input[name=consent]", "check", True)],
    ]
    for fields in steps:
        if keyboard:
            skip_to_main(page)
        else:
            assert_no_horizontal_scroll(page)
        fill_form(page, fields, keyboard=keyboard)
        press(page, "main button[name=action][value=next]", keyboard=keyboard)
        assert page.locator(".errorlist").count() == 0, page.locator(".errorlist").all_inner_texts()
    assert path_of(page).endswith("/steps/review/"), page.url
    screenshot(page, "journey3-review", lang, viewport)
    if keyboard:
        skip_to_main(page)
    press(page, "main form[action$='/submit/'] button[type=submit]", keyboard=keyboard)
    application = Application.objects.get(applicant=applicant_user)
    assert application.status == Status.SUBMITTED
    assert path_of(page).endswith(f"/housing-swap/applications/{application.pk}/")

    # 3. Documents: the ID card (PNG) and the property certificate (PDF).
    upload(page, "id_card", "id-card.png", "image/png", png(), keyboard)
    upload(page, "property_certificate", "certificate.pdf", "application/pdf", PDF, keyboard)
    assert application.documents.count() == 2

    # 4. The reviewer starts the review and asks for the household register.
    reviewer = open_context(lang=lang, viewport="desktop")
    admin = reviewer.new_page()
    admin.goto(f"/admin/housing_swap/application/{application.pk}/change/")
    sign_in(admin, "reviewer_hs", keyboard=False, admin=True)
    browser_two_factor(admin, get_user_model().objects.get(username="reviewer_hs"))  # staff: a code too
    staff_transition(admin, application, Status.UNDER_REVIEW)
    staff_transition(admin, application, Status.MORE_DOCUMENTS_REQUESTED, [
        ("textarea[name=public_note]", "text", "请补充户口簿。Please add the household register."),
        ("input[name=requested_kinds][value=household_register]", "check", True),
    ])

    # 5. The applicant sees the request and uploads the document: back to review.
    page.goto(application.page_url)
    assert page.locator("main .card.notice").count() == 1, "the request for documents is shown"
    upload(page, "household_register", "hukou.png", "image/png", png(), keyboard)
    application.refresh_from_db()
    assert application.status == Status.UNDER_REVIEW

    # 6. Appraisal, valuation, approval: a voucher is issued.
    staff_transition(admin, application, Status.APPRAISAL_SCHEDULED,
                     [("input[name=appraisal_at]", "text", "2026-12-01T10:00")])
    staff_transition(admin, application, Status.APPRAISED, [("input[name=valuation_amount]", "text", "850000")])
    staff_transition(admin, application, Status.APPROVED)
    voucher = application.vouchers.get()

    # 7. The applicant sees the voucher and the whole timeline.
    page.goto(application.page_url)
    assert voucher.code in page.locator("section[aria-labelledby=voucher-heading]").inner_text()
    timeline = page.locator("ol.timeline li")
    done = [timeline.nth(i).get_attribute("class") for i in range(timeline.count())]
    assert done[:5] == ["done", "done", "done", "done", "current"], done
    history = page.locator("ul.events li")
    assert history.count() >= 7, history.all_inner_texts()  # submitted ... approved, with the request
    assert "户口簿" in history.all_inner_texts().__str__()
    assert_accessible(page, f"application page ({lang}, {viewport})")
    screenshot(page, "journey3-approved", lang, viewport)

    # 8. Another resident cannot open it, nor its documents.
    other = open_context(lang=lang, viewport=viewport)
    other.problems.allow(r"status of 404")
    intruder = other.new_page()
    intruder.goto("/accounts/login/")
    sign_in(intruder, "neighbour", keyboard=False)
    assert intruder.goto(application.page_url).status == 404
    document = application.documents.first()
    assert intruder.goto(document.page_url).status == 404
