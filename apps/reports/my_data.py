"""What this app holds about a resident, for their download and the closing of their
account (apps.privacy, issue 18 item 13): the problem reports they filed (with the contact
they gave, in clear: it is theirs) and the reports they follow."""

from django.utils import timezone

from apps.core.contributions import PersonalDataSource

from .models import Report, ReportFollow, ReportSupport


def export(user) -> dict:
    filed = []
    for report in Report.objects.filter(reporter=user).select_related("category").order_by("created_at", "pk"):
        filed.append({
            "id": report.pk, "category": report.category.code, "category_name": report.category.name,
            "description": report.description, "address": report.address_string,
            "lat": report.lat, "lon": report.lon, "location_private": report.location_private,
            "media_url": report.media_url, "status": report.status, "public_answer": report.public_answer,
            "contact_name": report.contact_name, "contact_phone": report.contact_phone,
            "contact_email": report.contact_email, "rating": report.rating,
            "rating_comment": report.rating_comment, "created_at": report.created_at,
            "closed_at": report.closed_at,
        })
    followed = list(ReportFollow.objects.filter(user=user).order_by("created_at", "pk")
                    .values("report_id", "created_at"))
    return {"filed": filed, "followed": followed}



def erase(user) -> str:
    """Closing the account: follows go; the reports filed stay (they are the district's
    record and their text is public) without the reporter's account or contact."""
    follows, _per_model = ReportFollow.objects.filter(user=user).delete()
    filed = Report.objects.filter(reporter=user)
    filed.filter(anonymised_at__isnull=True).update(anonymised_at=timezone.now())
    count = filed.update(reporter=None, contact_name="", contact_phone="", contact_email="")
    ReportSupport.objects.filter(user=user).update(user=None)
    return f"{follows} report follow(s) deleted, {count} report(s) detached"


SOURCE = PersonalDataSource(key="problem_reports", export=export, erase=erase)
