"""Following a facility (issue 20): the form on every facility's page (outside its shared
cached content: a :class:`~apps.core.contributions.FacilityPanel`), its POST view (works
without JavaScript), the API (``/api/v1/facilities/<id>/follow/``, as projects'), and the
followed facilities in a resident's own download."""

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpResponseRedirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from drf_spectacular.utils import extend_schema
from rest_framework import permissions, serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from apps.core.contributions import FacilityPanel, PersonalDataSource
from apps.places import registry
from apps.places.models import Facility

from .models import Follow
from .services import follows


def _published(pk: int) -> Facility:
    facility = Facility.objects.published().filter(pk=pk).only("pk", "kind").first()
    if facility is None:
        raise Http404
    return facility


def is_following(*, user, facility_id: int) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    return Follow.objects.filter(user=user, subject=follows.facility_subject(facility_id)).exists()


def panel_context(request, facility_id: int) -> dict:
    """The follow form's context: one query for a signed-in visitor, none otherwise."""
    return {"facility_id": facility_id, "following": is_following(user=request.user, facility_id=facility_id),
            "signed_in": request.user.is_authenticated}


PANEL = FacilityPanel(key="follow", template="notices/_facility_follow.html", context=panel_context, order=10)


@require_POST
def facility_follow(request, pk: int):
    facility = _published(pk)
    page = registry.detail_url(facility.kind, facility.pk) or "/"
    if not request.user.is_authenticated:
        return redirect_to_login(page)
    subject = follows.facility_subject(facility.pk)
    if request.POST.get("action") == "unfollow":
        follows.follow_remove(user=request.user, subject=subject)
        messages.success(request, _("You no longer follow this facility."))
    else:
        follows.follow_add(user=request.user, subject=subject)
        messages.success(request, _("You now follow this facility: you will get a notice when it closes "
                                    "temporarily, changes its hours or is out of order for long."))
    target = request.POST.get("next") or page
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                           require_https=request.is_secure()):
        target = page
    return HttpResponseRedirect(target)


class FacilityFollowOutput(serializers.Serializer):
    following = serializers.BooleanField()


class FacilityFollowApi(APIView):
    """Follow (``POST``) or unfollow (``DELETE``) a published facility of any kind; both are
    idempotent. Its followers get notices when it closes temporarily, changes its hours or
    (charging, parking) is out of order for long."""

    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(request=None, responses={200: FacilityFollowOutput, 201: FacilityFollowOutput})
    def post(self, request, pk: int):
        facility = _published(pk)
        _follow, created = follows.follow_add(user=request.user, subject=follows.facility_subject(facility.pk))
        return Response({"following": True}, status=status.HTTP_201_CREATED if created else status.HTTP_200_OK)

    @extend_schema(request=None, responses={204: None})
    def delete(self, request, pk: int):
        follows.follow_remove(user=request.user, subject=follows.facility_subject(pk))
        return Response(status=status.HTTP_204_NO_CONTENT)


def _export(user) -> list[dict]:
    rows = list(Follow.objects.filter(user=user).order_by("created_at", "pk").values("subject", "created_at"))
    ids = [int(r["subject"].rpartition(":")[2]) for r in rows if r["subject"].startswith(follows.FACILITY + ":")]
    facilities = {f.pk: f for f in Facility.objects.filter(pk__in=ids).only("pk", "kind", "name")}
    out = []
    for row in rows:
        pk = int(row["subject"].rpartition(":")[2]) if row["subject"].startswith(follows.FACILITY + ":") else None
        facility = facilities.get(pk)
        out.append({"subject": row["subject"], "followed_at": row["created_at"],
                    "name": facility.name if facility else "",
                    "url": registry.detail_url(facility.kind, pk) if facility else ""})
    return out


def _erase(user) -> str:
    count, _per_model = Follow.objects.filter(user=user).delete()
    return f"{count} follow(s) deleted"


MY_DATA = PersonalDataSource(key="followed", export=_export, erase=_erase)
