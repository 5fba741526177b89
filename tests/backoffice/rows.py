"""One row of every model registered in the admin, in a given sub-district where the model has
one, and the staff of every role. Shared by the role matrix, the history and the change-list
query tests. ``ROW_MAKERS`` must name every model in ``admin.site._registry``: a model
registered without a maker fails the tests that iterate the registry."""

import datetime as dt
import itertools
import uuid
from decimal import Decimal

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from apps.accounts import roles
from apps.charging.models import StatusReport
from apps.coverage.models import CoverageResult, CoverageSnapshot, ServiceStandard
from apps.facts.models import ReportedFact
from apps.housing_swap import services as hs_services
from apps.housing_swap.models import AuditLog, Voucher
from apps.notices.models import Event, Notice
from apps.reports.models import ReportAudit, RoutingRule
from tests.accessibility.factories import SiteFactory
from tests.canteens.factories import CanteenFactory
from tests.charging.factories import ChargePointFactory, OperatorFactory, StationFactory
from tests.eldercare.factories import ElderCareSiteFactory
from tests.factories import CommunityFactory, FacilityFactory, SubDistrictFactory, UserFactory
from tests.health.factories import HealthInstitutionFactory
from tests.housing_swap.factories import ProjectFactory as HousingProjectFactory
from tests.housing_swap.factories import RoundFactory, make_id
from tests.otp import staff_login  # noqa: F401 - re-exported for the tests here
from tests.parking.factories import CarParkFactory, ParkingOperatorFactory
from tests.parks.factories import ParkFactory
from tests.projects.factories import MilestoneFactory, ProgressUpdateFactory
from tests.projects.factories import ProjectFactory as WorksProjectFactory

_seq = itertools.count(1)

ROLE_NAMES = ["administrator", "official", "reviewer", "hsadmin", "auditor", "resident"]
ROLE_GROUPS = {
    "administrator": roles.DISTRICT_ADMIN,
    "official": roles.OFFICIAL,
    "reviewer": roles.HOUSING_SWAP_REVIEWER,
    "hsadmin": roles.HOUSING_SWAP_ADMIN,
    "auditor": roles.AUDITOR,
    "resident": roles.RESIDENT,
}


def _community(sd):
    return CommunityFactory(sub_district=sd)


def _works_project(sd):
    project = WorksProjectFactory()
    project.sub_districts.add(sd)
    return project


def _application(sd):
    n = next(_seq)
    applicant = UserFactory()
    round_ = RoundFactory()
    data = {"applicant_name": "张三丰", "id_number": make_id(serial=n % 1000), "phone": "13812345678",
            "old_home_address": "硚口区测试路1号", "old_home_certificate_no": f"C-{n}",
            "old_home_area_m2": 60, "household_size": 2, "consent": True}
    return hs_services.application_submit_new(round_=round_, applicant=applicant, data=data)


def _voucher(sd):
    application = _application(sd)
    return Voucher.objects.create(
        code=f"V{next(_seq):08d}", application=application, round=application.round,
        amount=Decimal("100000"), expires_at=timezone.now() + dt.timedelta(days=180),
    )


def _charge_point(sd):
    return ChargePointFactory(station=StationFactory(community=_community(sd)))


def _notice(sd):
    event = Event.objects.create(kind="test.event", subject=f"s{next(_seq)}")
    return Notice.objects.create(event=event, recipient=UserFactory(), channel="email",
                                 status="failed_permanent", last_error="mailbox full")


def _bulk_job(sd):
    from django.apps import apps

    return apps.get_model("backoffice", "BulkJob").objects.create(
        kind="export", model_label="projects.project", requested_by=UserFactory(), token=uuid.uuid4().hex)


def _report(sd):
    from apps.reports.categories import categories_sync
    from apps.reports.models import Category, Report

    categories_sync()
    now = timezone.now()
    return Report.objects.create(
        category=Category.objects.get(code="other"), sub_district=sd, community=_community(sd),
        lat=30.58, lon=114.25, public_lat=30.58, public_lon=114.25, description="路灯不亮已经三天了",
        month=now.date().replace(day=1), acknowledge_due=now, resolve_due=now, contact_phone="13812345678")


def _axes_kwargs():
    n = next(_seq)
    return {"username": f"someone{n}", "ip_address": f"192.0.2.{n % 250}", "user_agent": "test",
            "http_accept": "*/*", "path_info": "/admin/login/"}


ROW_MAKERS = {
    "auth.group": lambda sd: Group.objects.create(name=f"group-{next(_seq)}"),
    "axes.accessattempt": lambda sd: AccessAttempt.objects.create(
        **_axes_kwargs(), get_data="", post_data="", failures_since_start=1),
    "axes.accesslog": lambda sd: AccessLog.objects.create(**_axes_kwargs()),
    "axes.accessfailurelog": lambda sd: AccessFailureLog.objects.create(**_axes_kwargs()),
    "otp_totp.totpdevice": lambda sd: TOTPDevice.objects.create(user=UserFactory(), name="phone"),
    "places.subdistrict": lambda sd: sd,
    "places.community": _community,
    "places.facility": lambda sd: FacilityFactory(community=_community(sd)),
    "accounts.user": lambda sd: UserFactory(),
    "notices.event": lambda sd: Event.objects.create(kind="test.event", subject=f"s{next(_seq)}"),
    "notices.notice": _notice,
    "canteens.canteen": lambda sd: CanteenFactory(community=_community(sd)),
    "charging.chargingstation": lambda sd: StationFactory(community=_community(sd)),
    "charging.chargepoint": _charge_point,
    "charging.chargingoperator": lambda sd: OperatorFactory(),
    "charging.statusreport": lambda sd: StatusReport.objects.create(
        charge_point=_charge_point(sd), status="out_of_order", reported_at=timezone.now()),
    "parks.park": lambda sd: ParkFactory(community=_community(sd)),
    "eldercare.eldercaresite": lambda sd: ElderCareSiteFactory(community=_community(sd)),
    "parking.carpark": lambda sd: CarParkFactory(community=_community(sd)),
    "accessibility.accessibilitysite": lambda sd: SiteFactory(community=_community(sd)),
    "parking.parkingoperator": lambda sd: ParkingOperatorFactory(),
    "health.healthinstitution": lambda sd: HealthInstitutionFactory(community=_community(sd)),
    "projects.project": _works_project,
    "projects.milestone": lambda sd: MilestoneFactory(project=_works_project(sd)),
    "projects.progressupdate": lambda sd: ProgressUpdateFactory(project=_works_project(sd)),
    "housing_swap.newhomeproject": lambda sd: HousingProjectFactory(sub_district=sd),
    "housing_swap.round": lambda sd: RoundFactory(),
    "housing_swap.application": _application,
    "housing_swap.voucher": _voucher,
    "housing_swap.auditlog": lambda sd: AuditLog.objects.create(
        actor=UserFactory(), action="reveal", application=_application(sd), target="id_number"),
    "backoffice.bulkjob": _bulk_job,
    "facts.reportedfact": lambda sd: ReportedFact.objects.create(
        key=f"fact-{next(_seq)}", topic="coverage", label="覆盖率", quote="覆盖率", value=Decimal(1)),
    "coverage.servicestandard": lambda sd: ServiceStandard.objects.create(
        kind="park", reach_m=500, applies_from=1900 + next(_seq)),
    "coverage.coverageresult": lambda sd: CoverageResult.objects.create(
        community=_community(sd), kind="park", reach_m=500, distance_m=300, served=True),
    "reports.category": lambda sd: _report(sd).category,
    "reports.report": _report,
    "reports.reportaudit": lambda sd: ReportAudit.objects.create(report=_report(sd), action="reveal", reason="回访"),
    "reports.routingrule": lambda sd: RoutingRule.objects.create(sub_district=sd),
    "coverage.coveragesnapshot": lambda sd: CoverageSnapshot.objects.create(
        month=dt.date(2000, 1, 1) + dt.timedelta(days=31 * next(_seq)), kind="park", reach_m=500,
        communities=10, served=5, population=1000, served_population=500, by_street={}),
}


def registered_labels() -> list[str]:
    return sorted(model._meta.label_lower for model in admin.site._registry)


def make_staff(role: str, sub_district=None):
    user = get_user_model().objects.create_user(
        username=f"{role}-{next(_seq)}", password=None, email=f"{role}@example.com", is_staff=True
    )
    user.groups.add(Group.objects.get(name=ROLE_GROUPS[role]))
    if sub_district is not None:
        user.sub_districts.add(sub_district)
    return user


def ensure_roles():
    roles.sync_roles()  # idempotent; a reused test database may predate a roles.py change



def two_sub_districts():
    return SubDistrictFactory(), SubDistrictFactory()
