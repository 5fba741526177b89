"""Drafts, validation and submission of applications."""

import datetime as dt
import secrets
import unicodedata
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from apps.core.phone import normalize_mobile, validate_mainland_mobile
from apps.places.models import SubDistrict

from .. import eligibility
from ..limits import limit
from ..models import (
    MAX_LENGTH,
    Application,
    ApplicationEvent,
    District,
    HouseholdMember,
    NewHomeProject,
    Ownership,
    Round,
    Status,
)
from ..personal_data import lookup_hash
from ..validators import validate_resident_id
from .notify import publish_status

CONSENT_VERSION = "2024-02"
CONSENT_TEXT = gettext_lazy(
    "I confirm the information is true. I agree that the Qiaokou District housing-swap office "
    "processes my and my household's personal data (name, resident ID, phone, property certificate "
    "and the documents I upload) only to examine this application, appraise and buy the old home "
    "and issue purchase vouchers; it is kept encrypted, shown only to the staff handling the case, "
    "and anonymised after the retention period if the application is rejected or withdrawn."
)

REQUIRED_ON_SUBMIT = (
    "applicant_name", "id_number", "phone", "old_home_address", "old_home_certificate_no",
    "old_home_area_m2", "household_size",
)
MAX_MEMBERS = 20


def _reference(round_: Round) -> str:
    return f"HS{round_.number:02d}-{secrets.token_hex(4).upper()}"


def _decimal(value):
    if value in (None, ""):
        return None
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError):
        return "invalid"
    # issue 10: NaN cannot be compared (InvalidOperation), infinity is no area
    return number if number.is_finite() else "invalid"


def _int(value):
    if value in (None, ""):
        return None
    try:
        return int(value)
    except (TypeError, ValueError, OverflowError):  # OverflowError: float infinity
        return "invalid"


def clean_application_data(data: dict, *, round_: Round, partial: bool) -> dict:
    """Validate and normalise the applicant's values. ``partial`` (drafts) accepts blanks.

    Raises ``ValidationError({field: [message]})`` listing every problem at once."""
    errors: dict[str, list[str]] = {}
    cleaned: dict = {}

    def err(field, message):
        errors.setdefault(field, []).append(message)

    def present(field):
        return field in data and data[field] not in (None, "")

    if "applicant_name" in data:
        name = (data.get("applicant_name") or "").strip()
        if name and len(name) > MAX_LENGTH["applicant_name"]:
            err("applicant_name", _("The name is too long (at most %(limit)s characters).")
                % {"limit": MAX_LENGTH["applicant_name"]})
        cleaned["applicant_name"] = name
    # the applicant's number, and a proxy's own (issue 18 item 3: separation of duties matches it)
    for field in ("id_number", "proxy_id_number"):
        if present(field):
            try:
                cleaned[field] = validate_resident_id(str(data[field]))
            except ValidationError as exc:
                err(field, exc.messages[0])
        elif field in data:
            cleaned[field] = ""
    if present("phone"):
        try:
            phone = normalize_mobile(unicodedata.normalize("NFKC", str(data["phone"])))
            validate_mainland_mobile(phone)
            if not phone.isascii():  # core's pattern uses \d, which matches other scripts' digits
                raise ValidationError(_("Enter a valid mainland China mobile number, e.g. 13800138000."))
            cleaned["phone"] = phone
        except ValidationError as exc:
            err("phone", exc.messages[0])
    elif "phone" in data:
        cleaned["phone"] = ""
    for field in ("old_home_address", "old_home_certificate_no", "proxy_name", "proxy_relationship"):
        limit = MAX_LENGTH[field]
        if field in data:
            value = (data.get(field) or "").strip()
            if len(value) > limit:
                err(field, _("At most %(limit)s characters.") % {"limit": limit})
            cleaned[field] = value
    if "old_home_certificate_no" in cleaned:
        cleaned["old_home_certificate_no"] = cleaned["old_home_certificate_no"].upper()
    if "old_home_area_m2" in data:
        area = _decimal(data.get("old_home_area_m2"))
        if area == "invalid":
            err("old_home_area_m2", _("Enter the floor area as a number of square metres."))
        elif area is not None and not (Decimal(5) <= area <= Decimal(1000)):
            err("old_home_area_m2", _("The floor area must be between 5 and 1000 m²."))
        else:
            cleaned["old_home_area_m2"] = area.quantize(Decimal("0.01")) if area is not None else None
    if "household_size" in data:
        size = _int(data.get("household_size"))
        if size == "invalid" or isinstance(data.get("household_size"), bool):
            err("household_size", _("Enter the number of people in the household."))
        elif size is not None and not (1 <= size <= 20):
            err("household_size", _("The household must have between 1 and 20 people."))
        else:
            cleaned["household_size"] = size
    if "old_home_district" in data:
        district = data.get("old_home_district") or District.QIAOKOU
        if district not in District.values:
            err("old_home_district", _("Choose a district from the list."))
        cleaned["old_home_district"] = district
    if "old_home_sub_district" in data:
        sub = data.get("old_home_sub_district") or None
        sub_id = getattr(sub, "pk", sub)
        if sub_id is not None:
            sub_id = _int(sub_id)
            if sub_id == "invalid" or not SubDistrict.objects.filter(pk=sub_id).exists():
                err("old_home_sub_district", _("Choose a sub-district from the list."))
        cleaned["old_home_sub_district_id"] = sub_id
    if "old_home_building_year" in data:
        year = _int(data.get("old_home_building_year"))
        this_year = timezone.localdate().year
        if year == "invalid" or (year is not None and not (1900 <= year <= this_year)):
            err("old_home_building_year", _("Enter a year between 1900 and %(year)s.") % {"year": this_year})
        else:
            cleaned["old_home_building_year"] = year
    if "old_home_ownership" in data:
        ownership = data.get("old_home_ownership") or ""
        if ownership and ownership not in Ownership.values:
            err("old_home_ownership", _("Choose an ownership type from the list."))
        cleaned["old_home_ownership"] = ownership
    if "is_proxy" in data:
        cleaned["is_proxy"] = bool(data.get("is_proxy"))
    if "desired_project" in data:
        project = data.get("desired_project") or None
        if project is not None:
            project_id = project.pk if isinstance(project, NewHomeProject) else _int(project)
            offered = set(round_.projects.values_list("pk", flat=True))
            if project_id == "invalid" or (offered and project_id not in offered) or (
                not offered and not NewHomeProject.objects.filter(pk=project_id).exists()
            ):
                err("desired_project", _("Choose one of the projects on offer in this round."))
            else:
                cleaned["desired_project_id"] = project_id
        else:
            cleaned["desired_project_id"] = None
    if "members" in data:
        members = []
        for index, member in enumerate(data.get("members") or []):
            name = (member.get("name") or "").strip()
            relationship = (member.get("relationship") or "").strip()
            if not name and not relationship:
                continue
            if not name or not relationship or len(name) > MAX_LENGTH["member_name"] or (
                    len(relationship) > MAX_LENGTH["member_relationship"]):
                err("household_members", _("Member %(n)s: give a name and the relationship.") % {"n": index + 1})
                continue
            birth_year = _int(member.get("birth_year"))
            if birth_year == "invalid" or (birth_year is not None and not (1900 <= birth_year <= timezone.localdate().year)):
                err("household_members", _("Member %(n)s: the year of birth is not valid.") % {"n": index + 1})
                continue
            row = {"name": name, "relationship": relationship, "birth_year": birth_year}
            if member.get("id_number") not in (None, ""):
                # optional; with it, a member who works for the office cannot handle the case
                try:
                    row["id_number"] = validate_resident_id(str(member["id_number"]))
                except ValidationError:
                    err("household_members", _("Member %(n)s: the resident ID number is not valid.") % {"n": index + 1})
                    continue
            members.append(row)
        if len(members) > MAX_MEMBERS:
            err("household_members", _("At most 20 household members."))
        cleaned["members"] = members
    if "consent" in data:
        consent = data.get("consent") is True or data.get("consent") in ("true", "on", "1", 1)
        if not consent and not partial:
            err("consent", _("You must agree to the processing of your personal data to apply."))
        cleaned["consent"] = consent

    if not partial:
        for field in REQUIRED_ON_SUBMIT:
            value = cleaned.get(field, data.get(field))
            if value in (None, "") and field not in errors:
                err(field, _("This field is required."))
        if not cleaned.get("consent") and "consent" not in errors:
            err("consent", _("You must agree to the processing of your personal data to apply."))
        if cleaned.get("is_proxy") and not cleaned.get("proxy_relationship") and "proxy_relationship" not in errors:
            err("proxy_relationship", _("Say how you are related to the owner you apply for."))
        proxy_number = cleaned.get("proxy_id_number", data.get("proxy_id_number"))
        if cleaned.get("is_proxy") and not proxy_number and "proxy_id_number" not in errors:
            err("proxy_id_number", _("Give your own resident ID number when you apply for a relative."))
        members = cleaned.get("members") or []
        size = cleaned.get("household_size")
        if isinstance(size, int) and len(members) > size:
            err("household_members", _("More members are listed than the household size."))
    if errors:
        raise ValidationError(errors)
    return cleaned


def _apply_values(application: Application, cleaned: dict) -> None:
    members = cleaned.pop("members", None)
    for field, value in cleaned.items():
        setattr(application, field, value)
    if "id_number" in cleaned:
        application.id_number_hash = lookup_hash(application.id_number)
    if "proxy_id_number" in cleaned:
        application.proxy_id_number_hash = lookup_hash(application.proxy_id_number)
    if "old_home_certificate_no" in cleaned:
        application.old_home_certificate_hash = lookup_hash(application.old_home_certificate_no)
    if cleaned.get("consent"):
        application.consent_version = CONSENT_VERSION
        application.consent_text = str(CONSENT_TEXT)
        application.consent_at = application.consent_at or timezone.now()
    elif "consent" in cleaned:
        application.consent_version = application.consent_text = ""
        application.consent_at = None
    application._pending_members = members


def _save(application: Application) -> None:
    """Save, turning a race past the one-active-application constraints into a clean 400."""
    try:
        with transaction.atomic():
            application.save()
    except IntegrityError as exc:
        if "hs_one_active" in str(exc) or "UNIQUE" in str(exc).upper():
            raise ValidationError({"round": [_duplicate_message()]}) from exc
        raise
    members = getattr(application, "_pending_members", None)
    if members is not None:
        # a form that does not show the members' ID numbers keeps those given before (same name)
        known = {m.name: m.id_number for m in application.members.all() if m.id_number}
        application.members.all().delete()
        rows = []
        for m in members:
            id_number = m.get("id_number") or known.get(m["name"], "")
            rows.append(HouseholdMember(application=application, **{**m, "id_number": id_number},
                                        id_number_hash=lookup_hash(id_number)))
        HouseholdMember.objects.bulk_create(rows)


def _duplicate_message() -> str:
    return _("There is already an active application for this applicant in this round.")


def _check_duplicate(application: Application) -> None:
    others = Application.objects.active().filter(round=application.round).exclude(pk=application.pk)
    if not application.is_proxy and others.filter(applicant=application.applicant, is_proxy=False).exists():
        raise ValidationError({"round": [_duplicate_message()]})
    own = others.filter(applicant=application.applicant)
    if application.id_number_hash and own.filter(id_number_hash=application.id_number_hash).exists():
        # the same account filing twice for the same owner (e.g. once as a proxy)
        raise ValidationError({"id_number": [_duplicate_message()]})


def _check_draft_limits(applicant) -> None:
    """Issue 18 item 9: an account holds a few drafts at once and starts a few a day."""
    mine = Application.objects.filter(applicant=applicant)
    most = limit("HOUSING_SWAP_MAX_OPEN_DRAFTS")
    if mine.filter(status=Status.DRAFT).count() >= most:
        raise ValidationError({"round": [
            _("You already have %(count)s unfinished applications. Submit or withdraw one before starting another.")
            % {"count": most}]})
    most = limit("HOUSING_SWAP_MAX_DRAFTS_PER_DAY")
    if mine.filter(created_at__gte=timezone.now() - dt.timedelta(days=1)).count() >= most:
        raise ValidationError({"round": [
            _("You have started %(count)s applications in the last 24 hours. Please try again tomorrow.")
            % {"count": most}]})


def _check_round_open(round_: Round) -> None:
    if not round_.is_open():
        raise ValidationError({"round": [_("Round %(number)s is not open for applications.") % {"number": round_.number}]})


def _old_home(application: Application) -> eligibility.OldHome:
    return eligibility.OldHome(
        district=application.old_home_district,
        sub_district_id=application.old_home_sub_district_id,
        area_m2=application.old_home_area_m2,
        building_year=application.old_home_building_year,
        ownership=application.old_home_ownership,
    )


def eligibility_check(*, round_: Round, data: dict) -> eligibility.Result:
    """Pre-submission check (page and API): range validation first, then the round's rules."""
    fields = {k: data.get(k) for k in (
        "old_home_district", "old_home_sub_district", "old_home_area_m2",
        "old_home_building_year", "old_home_ownership") if k in data}
    cleaned = clean_application_data(fields, round_=round_, partial=True)
    home = eligibility.OldHome(
        district=cleaned.get("old_home_district") or District.QIAOKOU,
        sub_district_id=cleaned.get("old_home_sub_district_id"),
        area_m2=cleaned.get("old_home_area_m2"),
        building_year=cleaned.get("old_home_building_year"),
        ownership=cleaned.get("old_home_ownership", ""),
    )
    return eligibility.check(round_, home)


@transaction.atomic
def application_create_draft(*, round_: Round, applicant, is_proxy: bool = False) -> Application:
    _check_round_open(round_)
    _check_draft_limits(applicant)
    application = Application(round=round_, applicant=applicant, is_proxy=is_proxy, reference=_reference(round_))
    _check_duplicate(application)
    _save(application)
    return application


@transaction.atomic
def application_save_draft(*, application: Application, data: dict) -> Application:
    if application.status != Status.DRAFT:
        raise ValidationError({"__all__": [_("Only a draft can be edited.")]})
    cleaned = clean_application_data(data, round_=application.round, partial=True)
    _apply_values(application, cleaned)
    _check_duplicate(application)
    _save(application)
    return application


def _submit(application: Application, actor) -> Application:
    _check_round_open(application.round)
    values = {f: getattr(application, f) for f in (
        "applicant_name", "id_number", "phone", "old_home_address", "old_home_certificate_no",
        "old_home_area_m2", "household_size", "consent", "is_proxy", "proxy_relationship", "proxy_id_number")}
    clean_application_data(values, round_=application.round, partial=False)
    result = eligibility.check(application.round, _old_home(application))
    if not result.eligible:
        raise ValidationError(result.errors_by_field())
    _check_duplicate(application)
    now = timezone.now()
    old = application.status
    application.status = Status.SUBMITTED
    application.submitted_at = application.status_changed_at = now
    _save(application)
    ApplicationEvent.objects.create(application=application, actor=actor, from_status=old, to_status=Status.SUBMITTED)
    publish_status(application=application, old=old, new=Status.SUBMITTED, public_note="", actor=actor)
    return application


@transaction.atomic
def application_submit(*, application: Application, actor) -> Application:
    """Submit a saved draft: every rule is checked again."""
    application = Application.objects.select_for_update().select_related("round").get(pk=application.pk)
    if actor.pk != application.applicant_id:
        raise ValidationError({"__all__": [_("Only the applicant can submit this application.")]})
    if application.status != Status.DRAFT:
        raise ValidationError({"status": [_("This application has already been submitted.")]})
    return _submit(application, actor)


@transaction.atomic
def application_submit_new(*, round_: Round, applicant, data: dict) -> Application:
    """The API's one call: validate, create and submit in one go."""
    _check_round_open(round_)
    cleaned = clean_application_data(data, round_=round_, partial=False)
    application = Application(round=round_, applicant=applicant, reference=_reference(round_))
    _apply_values(application, cleaned)
    return _submit(application, applicant)
