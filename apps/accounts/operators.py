"""Operators that report live telemetry for their own facilities (charging: pile status;
parking: free spaces) through an operator API, shared by every kind that has one.

A kind's app declares three concrete models from the abstract ones here: the operator
(:class:`Operator`), the accounts acting for it (:class:`OperatorAccount`, with an ``operator``
foreign key) and its machine tokens (:class:`OperatorToken`, an ``accounts.ApiToken`` of kind
"operator" with an ``operator`` foreign key and a many-to-many of the facilities it is limited
to). :class:`OperatorScheme` holds the rules, once: who may act for an operator, which of its
facilities a token reaches, issuing, rotating and revoking tokens, and the report clock
(a report from the future is refused; an older report than the applied one is kept but does
not change the live value; a value older than the kind's staleness limit means nothing)."""

from datetime import datetime, timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _

from . import services as account_services
from .models import ApiTokenKind

# Clocks differ a little; a report further in the future than this is refused.
CLOCK_SKEW = timedelta(minutes=5)


class Operator(models.Model):
    """A company running facilities of a kind; its accounts may report their live state."""

    code = models.CharField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    phone = models.CharField(_("service phone"), max_length=40, blank=True)
    is_illustrative = models.BooleanField(_("illustrative data"), default=False)

    class Meta:
        abstract = True
        ordering = ["name"]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        english = (get_language() or "").lower().startswith("en")
        return self.name_en if english and self.name_en else self.name


def account_user_field(app_label: str) -> models.OneToOneField:
    """:class:`OperatorAccount`'s ``user`` (its reverse name carries the kind's app label)."""
    return models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                                related_name=f"{app_label}_operator_account", verbose_name=_("user"))


def scope_token_field(app_label: str) -> models.OneToOneField:
    """:class:`OperatorToken`'s ``token``."""
    return models.OneToOneField("accounts.ApiToken", on_delete=models.CASCADE, related_name=f"{app_label}_scope",
                                verbose_name=_("API token"))


def operator_link(operator_model, related_name: str) -> models.ForeignKey:
    """The ``operator`` of an account or token row (deleted with the operator)."""
    return models.ForeignKey(operator_model, on_delete=models.CASCADE, related_name=related_name,
                             verbose_name=_("operator"))


class OperatorAccount(models.Model):
    """Links a user to the operator they act for (the subclass adds ``user`` from
    :func:`account_user_field` and ``operator``)."""

    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return f"{self.user} → {self.operator}"


class OperatorToken(models.Model):
    """An operator's machine key, limited to some of its facilities or, with none chosen, to
    all of them (the subclass adds ``token`` from :func:`scope_token_field`, ``operator`` and the
    facilities' many-to-many)."""

    replaced_by = models.OneToOneField("self", on_delete=models.SET_NULL, null=True, blank=True,
                                       related_name="replaces", verbose_name=_("replaced by"))

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return f"{self.operator} {self.token}"


class Report(models.Model):
    """One report of an operator (append-only), applied or not (an older report than the
    applied one is kept but does not change the live value). The subclass adds what was
    reported and about which facility or part of it."""

    reported_at = models.DateTimeField(_("reported at"))
    received_at = models.DateTimeField(_("received at"), default=timezone.now)
    reported_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                                    blank=True, related_name="+", verbose_name=_("reported by"))
    applied = models.BooleanField(_("applied"), default=True)

    class Meta:
        abstract = True
        ordering = ["-received_at", "-id"]


def report_time(reported_at: datetime | None, now: datetime) -> datetime:
    """The time a report is for: ``now`` when not given; refused when naive or in the future."""
    if reported_at is None:
        return now
    if timezone.is_naive(reported_at):
        raise ValidationError({"reported_at": [gettext("Give a time zone, e.g. 2024-12-01T08:00:00+08:00.")]})
    if reported_at > now + CLOCK_SKEW:
        raise ValidationError({"reported_at": [gettext("The report time cannot be in the future.")]})
    return reported_at


def is_newer(reported_at: datetime, applied_at: datetime | None) -> bool:
    """Whether a report for ``reported_at`` replaces the live value applied at ``applied_at``."""
    return applied_at is None or reported_at >= applied_at


def is_fresh(reported_at: datetime | None, now: datetime, max_age: timedelta) -> bool:
    return reported_at is not None and reported_at >= now - max_age


class OperatorScheme:
    """One kind's operator rules. ``account_model`` / ``token_model``: the kind's concrete
    models; ``facilities_field``: the token's many-to-many of facilities (e.g. "stations");
    ``facility_model``: the kind's facility model (with an ``operator`` foreign key)."""

    def __init__(self, *, account_model, token_model, facility_model, facilities_field: str,
                 foreign_message):
        self.account_model, self.token_model, self.facility_model = account_model, token_model, facility_model
        self.facilities_field = facilities_field
        self.foreign_message = foreign_message  # "Only your own stations can be given to a token."

    def operator_for_user(self, user):
        """The operator a user may act for (an active operator account), or None."""
        if not getattr(user, "is_authenticated", False):
            return None
        account = self.account_model.objects.select_related("operator").filter(user=user, is_active=True).first()
        return account.operator if account else None

    def token_scope(self, token):
        """The scope row of an operator API token, or None for any other authentication (an
        operator token of another kind's scheme reaches nothing)."""
        if getattr(token, "kind", None) != ApiTokenKind.OPERATOR:
            return None
        scope = self.token_model.objects.filter(token=token).first()
        return scope if scope is not None else self.token_model(operator_id=-1)

    def scoped_facility_ids(self, operator, token) -> list[int] | None:
        """The facility ids ``token`` is limited to (None: every one of ``operator``'s; an empty
        list: none at all)."""
        scope = self.token_scope(token)
        if scope is None:
            return None
        if scope.operator_id != operator.pk:
            return []
        ids = list(getattr(scope, self.facilities_field).values_list("pk", flat=True))
        return ids or None

    def own_facilities(self, operator, *, token=None):
        """The operator's facilities (not deleted) reachable with ``token``."""
        qs = self.facility_model.objects.filter(operator=operator, deleted_at__isnull=True)
        return self.limit(qs, operator, token, "pk")

    def limit(self, qs, operator, token, facility_lookup: str):
        """``qs`` limited to the facilities ``token`` is scoped to (``facility_lookup``: the path
        from ``qs``'s rows to the facility id)."""
        ids = self.scoped_facility_ids(operator, token)
        if ids is None:
            return qs
        return qs.filter(**{f"{facility_lookup}__in": ids}) if ids else qs.none()

    def tokens(self, operator):
        """The operator's live machine tokens."""
        return (self.token_model.objects.filter(operator=operator, token__revoked_at__isnull=True,
                                                token__expires__gt=timezone.now())
                .select_related("token").prefetch_related(self.facilities_field).order_by("-token__created"))

    @transaction.atomic
    def issue(self, *, operator, user, facilities=(), name: str = "", ip: str | None = None,
              second_factor: bool = False):
        """A machine token for ``operator`` held by ``user`` (one of its active accounts),
        limited to ``facilities`` (all of the operator's when empty). Returns the scope row and
        the key, which is shown once. ``second_factor``: as for ``api_token_issue`` (a staff
        account's token needs one)."""
        if self.operator_for_user(user) != operator:
            raise PermissionDenied
        facilities = list(facilities)
        if any(f.operator_id != operator.pk for f in facilities):
            raise ValidationError({self.facilities_field: [str(self.foreign_message)]})
        token, key = account_services.api_token_issue(user=user, kind=ApiTokenKind.OPERATOR, name=name, ip=ip,
                                                      second_factor=second_factor)
        scope = self.token_model.objects.create(token=token, operator=operator)
        getattr(scope, self.facilities_field).set(facilities)
        return scope, key

    @transaction.atomic
    def rotate(self, *, scope, user, ip: str | None = None, second_factor: bool = False):
        """Replace a machine token by a new key with the same scope; the old key is refused at once."""
        scope = self.token_model.objects.select_for_update().select_related("token").get(pk=scope.pk)
        if scope.token.revoked_at is not None:
            raise ValidationError({"detail": [gettext("This token was already revoked.")]})
        new_scope, key = self.issue(operator=scope.operator, user=user,
                                    facilities=getattr(scope, self.facilities_field).all(),
                                    name=scope.token.name, ip=ip, second_factor=second_factor)
        account_services.api_token_revoke(token=scope.token, actor=user, reason="rotated", ip=ip)
        scope.replaced_by = new_scope
        scope.save(update_fields=["replaced_by"])
        return new_scope, key

    def revoke(self, *, scope, user, ip: str | None = None) -> bool:
        return account_services.api_token_revoke(token=scope.token, actor=user, reason="revoked_by_operator", ip=ip)

    def account_user_ids(self, operator_id: int) -> list[int]:
        """The users of the operator's active accounts."""
        return list(self.account_model.objects.filter(operator_id=operator_id, is_active=True, user__is_active=True)
                    .order_by("user_id").values_list("user_id", flat=True))

    def check_operator(self, facility, operator, message) -> None:
        if operator is not None and facility.operator_id != operator.pk:
            raise PermissionDenied(message)

    def facility_operators(self, kind: str, key_prefix: str):
        """This kind's ``FacilityOperators`` contribution: a report about a facility reaches its
        operator (key ``<key_prefix><operator id>``), whose accounts and machine tokens reach only
        the operator's own facilities (the token's, when it is limited to some)."""
        from apps.core.contributions import FacilityOperators

        operator_model = self.facility_model._meta.get_field("operator").related_model

        def key(operator_id: int) -> str:
            return f"{key_prefix}{operator_id}"

        def operator_of(facility_id: int) -> tuple[str, str] | None:
            facility = (self.facility_model.objects.filter(pk=facility_id).select_related("operator")
                        .only("pk", "operator__name", "operator__name_en").first())
            if facility is None or facility.operator_id is None:
                return None
            return key(facility.operator_id), facility.operator.name

        def choices() -> list[tuple[str, str]]:
            return [(key(o.pk), o.display_name) for o in operator_model.objects.order_by("name")]

        def operated_by(user, auth) -> tuple[str, object] | None:
            operator = self.operator_for_user(user)
            if operator is None:
                return None
            scope = self.token_scope(auth)
            if scope is not None and scope.operator_id != operator.pk:
                return None
            return key(operator.pk), self.own_facilities(operator, token=auth).values_list("pk", flat=True)

        def accounts(operator_key: str) -> list[int]:
            """The users of the operator's active accounts (``operator_key`` from ``operator_of``)."""
            operator_id = operator_key.removeprefix(key_prefix) if operator_key.startswith(key_prefix) else ""
            return self.account_user_ids(int(operator_id)) if operator_id.isdigit() else []

        return FacilityOperators(kind=kind, operator_of=operator_of, choices=choices, operated_by=operated_by,
                                 accounts=accounts)
