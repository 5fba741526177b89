from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def report_link_label(facility) -> str:
    from apps.places.registry import kind_label

    return _("Report a problem with this %(kind)s") % {"kind": kind_label(facility.kind).lower()}


def report_link_url(facility) -> str:
    return f"/reports/new/?facility={facility.pk}"


REPORT_HERE_URL = "/reports/new/?lat={lat}&lon={lon}&crs=wgs84"  # maps fill in the tapped point


def report_here_url(lat: float, lon: float) -> str:
    return REPORT_HERE_URL.format(lat=f"{lat:.6f}", lon=f"{lon:.6f}")


class ReportsConfig(AppConfig):
    name = "apps.reports"
    label = "reports"
    verbose_name = _("Problem reports (接诉即办)")

    def ready(self):
        from apps.core.contributions import (
            AuditHook,
            CacheNamespace,
            FacilityLink,
            NavigationEntry,
            PersonalFields,
            PlaceLink,
            contribute,
        )

        from .categories import sync_after_migrate
        from .my_data import SOURCE as MY_DATA
        from .pending import PENDING_WORK
        from .personal_data import CONTACT_MASKS
        from .services.office import REVEAL_PERM, audit_record

        contribute(
            self,
            NavigationEntry("/reports/", _("Report a problem"), order=75),
            # every facility page: "report a problem with this charging station" (pre-filled form)
            FacilityLink("report-problem", report_link_label, report_link_url, order=10),
            # the nearby page's searched point: "report a problem here" (pre-filled form)
            # and where a resident taps a map (the nearby map, the reports map)
            PlaceLink("report-problem-here", _("Report a problem at this place"), report_here_url, order=10,
                      tap_url=REPORT_HERE_URL, tap_label=_("Report a problem here")),
            MY_DATA,  # a resident's reports, for their download (apps.privacy)
        )

        # A freshly migrated database offers every declared category (Open311 services).
        post_migrate.connect(sync_after_migrate, sender=self, dispatch_uid="reports-categories-sync")
        contribute(
            self,
            # the reporter's contact: masked in the back office's exports unless revealed
            PersonalFields(model="reports.report", masks=CONTACT_MASKS, reveal_permission=REVEAL_PERM),
            AuditHook(audit_record),  # unmasked exports of reports go to this app's audit log
            *PENDING_WORK,  # overdue reports of the official's sub-districts
            CacheNamespace("report_figures", models=("reports.report",)),  # the dashboard's 12345 measures
        )
