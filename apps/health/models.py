"""Health institutions (医疗卫生机构): community health service centres and stations and
hospitals. A Facility one-to-one with the institution's type, a hospital's grade, the
services it offers (columns: see apps.places.kit.offered) and whether it is in the district's
group that recognises each other's test results (检查检验结果互通互认)."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from apps.places.filter_bits import FilterBits
from apps.places.kit import KindQuerySet, code_field, facility_link, kind_history, offer_condition, offered
from apps.places.models import Facility

KIND = "health"


class InstitutionType(models.TextChoices):
    COMMUNITY_CENTRE = "community_centre", _("Community health service centre")
    COMMUNITY_STATION = "community_station", _("Community health service station")
    HOSPITAL = "hospital", _("Hospital")


class HospitalGrade(models.TextChoices):
    TERTIARY_A = "3a", _("Grade III, class A")
    TERTIARY_B = "3b", _("Grade III, class B")
    SECONDARY_A = "2a", _("Grade II, class A")
    SECONDARY_B = "2b", _("Grade II, class B")
    PRIMARY = "1", _("Grade I")


class HealthService(models.TextChoices):
    """What an institution offers: each value is a column of :class:`HealthInstitution`."""

    GP = "gp", _("General practice")
    VACCINATION = "vaccination", _("Vaccination")
    CHRONIC_FOLLOWUP = "chronic_followup", _("Chronic-disease follow-up")
    TCM = "tcm", _("Traditional Chinese medicine")


class HealthQuerySet(KindQuerySet):
    pass


class HealthInstitution(Facility):
    facility_ptr = facility_link("health_institution")
    code = code_field()
    institution_type = models.CharField(_("type"), max_length=20, choices=InstitutionType.choices,
                                        default=InstitutionType.COMMUNITY_STATION)
    grade = models.CharField(_("hospital grade"), max_length=2, choices=HospitalGrade.choices, blank=True,
                             help_text=_("Hospitals only; empty when not graded."))
    gp = models.BooleanField(_("general practice"), default=False)
    vaccination = models.BooleanField(_("vaccination"), default=False)
    chronic_followup = models.BooleanField(_("chronic-disease follow-up"), default=False)
    tcm = models.BooleanField(_("traditional Chinese medicine"), default=False)
    mutual_recognition = models.BooleanField(
        _("in the mutual-recognition group"), default=False,
        help_text=_("One of the district's institutions that recognise each other's test results."),
    )

    history = kind_history()
    objects = HealthQuerySet.as_manager()

    class Meta:
        ordering = ["id"]
        verbose_name = _("health institution")
        verbose_name_plural = _("health institutions")
        indexes = [models.Index(fields=["institution_type"], name="health_type_idx")]
        constraints = [
            models.CheckConstraint(condition=Q(institution_type="hospital") | Q(grade=""),
                                   name="health_grade_only_for_hospitals"),
        ]

    @property
    def services(self) -> list:
        return offered(self, HealthService)



FILTER_BITS = FilterBits(
    HealthInstitution,
    groups={
        "type": {value: Q(institution_type=value) for value in InstitutionType.values},
        "grade": {value: Q(grade=value) for value in HospitalGrade.values},
        "service": {value: offer_condition(HealthInstitution, value) for value in HealthService.values},
        "mutual_recognition": {True: Q(mutual_recognition=True)},
    },
)
