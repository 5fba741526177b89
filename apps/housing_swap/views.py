"""Applicant pages: the scheme's page, eligibility check, the multi-step application form
(each step a POST that keeps the draft; works without JavaScript), my applications,
documents and withdrawal. Personal data pages are never cached."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from apps.core.downloads import as_download
from apps.core.errors import problem
from apps.core.throttles import page_throttle_wait
from apps.facts.models import Topic
from apps.facts.selectors import facts_of_topics

from . import eligibility, filetypes, selectors, services, transitions
from .forms import (
    MEMBER_ROWS,
    ApplicantStepForm,
    ChoiceStepForm,
    DocumentForm,
    EligibilityForm,
    HomeStepForm,
    HouseholdStepForm,
    WithdrawForm,
)
from .models import Application, ApplicationDocument, Round, Status

STEPS = [
    ("applicant", gettext_lazy("Applicant")),
    ("home", gettext_lazy("Old home")),
    ("household", gettext_lazy("Household")),
    ("choice", gettext_lazy("New home and consent")),
    ("review", gettext_lazy("Check and submit")),
]
STEP_KEYS = [key for key, _label in STEPS]


FAQ = [
    (gettext_lazy("Who can apply?"),
     gettext_lazy("Owners of an old home in the eligible areas of an open round, meeting the round's rules on floor area, building age and ownership. Check first with the eligibility check.")),
    (gettext_lazy("Can I apply for my parents?"),
     gettext_lazy("Yes. Choose “I am applying for a relative”, give your relationship and upload a power of attorney. Notices about the case go to your account.")),
    (gettext_lazy("What is a purchase voucher (购房券)?"),
     gettext_lazy("When your application is approved, the appraised value of your old home is issued as a voucher with a code, an amount and an expiry date. You spend it on a new home at one of the partner projects.")),
    (gettext_lazy("How is my personal data protected?"),
     gettext_lazy("Your ID and certificate numbers are stored encrypted and shown masked. Only the staff handling your case can see the full numbers, and every such view is logged with a reason. Rejected or withdrawn applications are anonymised after the retention period.")),
    (gettext_lazy("Can I stop?"),
     gettext_lazy("You can withdraw at any time before a decision is made, on your application's page.")),
]


def _own(request, pk) -> Application:
    try:
        return selectors.application_for_applicant(request.user, pk)
    except Application.DoesNotExist:
        raise Http404 from None


def _apply_errors(form, error: ValidationError) -> None:
    mapping = {"household_members": None, "round": None, "status": None, "__all__": None}
    for field, messages_ in error.message_dict.items():
        target = field if field in form.fields else mapping.get(field)
        for message in messages_:
            form.add_error(target, message)


@require_GET
def scheme(request):
    rounds = list(selectors.rounds_public())
    facts = facts_of_topics(Topic.HOUSING_SWAP, Topic.NEW_HOMES, Topic.RESETTLEMENT)
    return render(request, "housing_swap/scheme.html", {
        "rounds": rounds,
        "open_rounds": [r for r in rounds if r.is_open()],
        "projects": selectors.projects_public(),
        # reported figures (apps.facts): the scheme's own, and, apart, the resettlement vouchers
        "scheme_facts": facts[Topic.HOUSING_SWAP] + facts[Topic.NEW_HOMES],
        "resettlement_facts": facts[Topic.RESETTLEMENT],
        "faq": FAQ,
        "steps": STEPS[:-1],
    })


@require_http_methods(["GET", "POST"])
def eligibility_page(request):
    rounds = Round.objects.public().prefetch_related("eligible_sub_districts").order_by("-number")
    form = EligibilityForm(request.POST if request.method == "POST" else None, rounds=rounds, initial={"round": next((r for r in rounds if r.is_open()), None)})
    result = None
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        round_ = data.pop("round")
        try:
            result = services.eligibility_check(round_=round_, data=data)
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            result.round = round_
    return render(request, "housing_swap/eligibility.html", {"form": form, "result": result})


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def apply(request):
    open_rounds = [r for r in selectors.rounds_public() if r.is_open()]
    if request.method == "POST":
        round_ = next((r for r in open_rounds if str(r.pk) == request.POST.get("round")), None)
        if round_ is None:
            messages.error(request, _("This round is not open for applications."))
            return redirect("housing_swap:apply")
        is_proxy = request.POST.get("proxy") == "1"
        existing = Application.objects.active().filter(round=round_, applicant=request.user, is_proxy=False).first()
        if existing and not is_proxy:
            messages.info(request, _("You already have an application in this round."))
            return redirect(existing.page_url)
        try:
            application = services.application_create_draft(round_=round_, applicant=request.user, is_proxy=is_proxy)
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
            return redirect("housing_swap:apply")
        return redirect("housing_swap:step", pk=application.pk, step="applicant")
    drafts = Application.objects.filter(applicant=request.user, status=Status.DRAFT).select_related("round")
    return render(request, "housing_swap/apply.html", {"open_rounds": open_rounds, "drafts": drafts})


def _initial(application: Application, step: str) -> dict:
    if step == "applicant":
        return {"is_proxy": application.is_proxy, "proxy_name": application.proxy_name,
                "proxy_relationship": application.proxy_relationship, "applicant_name": application.applicant_name}
    if step == "home":
        return {"old_home_district": application.old_home_district,
                "old_home_sub_district": application.old_home_sub_district_id,
                "old_home_address": application.old_home_address, "old_home_area_m2": application.old_home_area_m2,
                "old_home_building_year": application.old_home_building_year,
                "old_home_ownership": application.old_home_ownership}
    if step == "household":
        initial = {"household_size": application.household_size}
        for i, member in enumerate(list(application.members.all())[:MEMBER_ROWS]):
            initial.update({f"member_{i}_name": member.name, f"member_{i}_relationship": member.relationship,
                            f"member_{i}_birth_year": member.birth_year})
        return initial
    if step == "choice":
        return {"desired_project": application.desired_project_id, "consent": application.consent}
    return {}


def _form(step, application, data=None):
    initial = _initial(application, step)
    if step == "applicant":
        return ApplicantStepForm(data, initial=initial)
    if step == "home":
        return HomeStepForm(data, initial=initial)
    if step == "household":
        return HouseholdStepForm(data, initial=initial)
    if step == "choice":
        return ChoiceStepForm(data, initial=initial, round_=application.round)
    return None


def _values(step, form, application) -> dict:
    data = dict(form.cleaned_data)
    if step == "applicant":
        # A blank personal number keeps what is saved (we never echo it back into the page).
        for field in ("id_number", "phone", "proxy_id_number"):
            if not data.get(field) and getattr(application, field):
                data.pop(field)
    elif step == "home":
        if not data.get("old_home_certificate_no") and application.old_home_certificate_no:
            data.pop("old_home_certificate_no")
    elif step == "household":
        data = {"household_size": data.get("household_size"), "members": form.members()}
    return data


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def step(request, pk: int, step: str):
    application = _own(request, pk)
    if step not in STEP_KEYS:
        raise Http404
    if application.status != Status.DRAFT:
        return redirect(application.page_url)
    form = _form(step, application, request.POST if request.method == "POST" else None)
    result = None
    if request.method == "POST" and form is not None and form.is_valid():
        try:
            services.application_save_draft(application=application, data=_values(step, form, application))
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            if request.POST.get("action") == "save":
                messages.success(request, _("Your draft is saved. You can come back to it from “My applications”."))
                return redirect("housing_swap:mine")
            return redirect("housing_swap:step", pk=application.pk, step=STEP_KEYS[STEP_KEYS.index(step) + 1])
    if step == "review":
        application = _own(request, pk)
        result = eligibility.check(application.round, services.applications._old_home(application))
    index = STEP_KEYS.index(step)
    return render(request, "housing_swap/step.html", {
        "application": application,
        "form": form,
        "step": step,
        "step_label": STEPS[index][1],
        "steps": [(i + 1, key, label, key == step) for i, (key, label) in enumerate(STEPS)],
        "step_number": index + 1,
        "step_count": len(STEPS),
        "previous_step": STEP_KEYS[index - 1] if index else None,
        "result": result,
        "consent_text": services.CONSENT_TEXT,
        "consent_version": services.CONSENT_VERSION,
        "member_rows": form.member_rows([m.masked_id_number for m in application.members.all()])
        if isinstance(form, HouseholdStepForm) else None,
    })


@login_required
@never_cache
@require_POST
def submit(request, pk: int):
    application = _own(request, pk)
    wait = page_throttle_wait(request, "application_submit")  # the API's limit (issue 10)
    if wait is not None:
        return problem(request, _("Too many submissions. Please try again later."), status=429,
                       headers={"Retry-After": str(wait)})
    try:
        services.application_submit(application=application, actor=request.user)
    except ValidationError as exc:
        for _field, messages_ in exc.message_dict.items():
            for message in messages_:
                messages.error(request, message)
        return redirect("housing_swap:step", pk=application.pk, step="review")
    messages.success(request, _("Your application %(reference)s has been submitted.") % {"reference": application.reference})
    return redirect(application.page_url)


@login_required
@never_cache
@require_GET
def mine(request):
    applications = selectors.applications_of(request.user).order_by("-created_at", "-id")
    return render(request, "housing_swap/mine.html", {"applications": applications, "upload_statuses": Status.UPLOADS_OPEN})


@login_required
@never_cache
@require_GET
def detail(request, pk: int):
    application = _own(request, pk)
    return _detail(request, application, DocumentForm())


def _detail(request, application, document_form, status=200):
    events = list(application.events.all())
    reached = {e.to_status for e in events}
    timeline = [
        {"status": s, "label": s.label, "done": s in reached or s == application.status,
         "current": s == application.status}
        for s in transitions.TIMELINE
    ]
    return render(request, "housing_swap/detail.html", {
        "application": application,
        "events": events,
        "timeline": timeline,
        "document_form": document_form,
        "can_upload": application.status in Status.UPLOADS_OPEN,
        "can_withdraw": transitions.can_withdraw(application.status),
        "required_kinds": application.round.required_document_kinds,
    }, status=status)


@login_required
@never_cache
@require_POST
def upload(request, pk: int):
    application = _own(request, pk)
    form = DocumentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.document_upload(application=application, kind=form.cleaned_data["kind"],
                                     upload=form.cleaned_data["file"], actor=request.user)
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, _("The document was uploaded."))
            return redirect(application.page_url)
    return _detail(request, _own(request, pk), form, status=400)


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def withdraw(request, pk: int):
    application = _own(request, pk)
    form = WithdrawForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.application_withdraw(application=application, actor=request.user, note=form.cleaned_data["note"])
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, _("Your application has been withdrawn."))
            return redirect(application.page_url)
    return render(request, "housing_swap/withdraw.html", {
        "application": application, "form": form, "can_withdraw": transitions.can_withdraw(application.status),
    })


@login_required
@require_GET
def document_file(request, pk: int):
    """Serve a document to its owner, or to staff with the permission to whom the application
    is assigned (or in whose sub-district queue it is), with a reason (audited, throttled)."""
    try:
        document = ApplicationDocument.objects.select_related("application").get(pk=pk)
    except ApplicationDocument.DoesNotExist:
        raise Http404 from None
    if not services.documents.can_open_document(document, request.user):
        raise Http404
    reason = request.GET.get("reason", "")[:200]
    if services.documents.needs_reason(document, request.user) and not reason.strip():
        return render(request, "housing_swap/document_reason.html", {"document": document})
    try:
        handle = services.document_open(document=document, viewer=request.user, reason=reason)
    except ValidationError as exc:
        return render(request, "housing_swap/document_reason.html",
                      {"document": document, "error": exc.messages[0]}, status=400)
    except services.documents.DocumentAccessThrottled:
        return render(request, "housing_swap/document_reason.html",
                      {"document": document, "throttled": True}, status=429)
    response = FileResponse(handle, content_type=document.content_type)
    return as_download(response, filename=filetypes.download_name(document), private=True)


