"""The operator API for problem reports: an outside organisation that runs facilities (a
charging operator) sees the reports routed or transferred to it about its own facilities and
answers them (acknowledge, in progress, resolve, with a public answer). Authenticated like the
charging operator API: an operator machine token (limited to some stations when issued so) or
a signed-in operator account; any other report is a 404.

``GET /api/v1/operator/reports/`` and ``POST /api/v1/operator/reports/{id}/status/``."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import permissions, serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from apps.accounts.operator_api import OPERATOR_AUTHENTICATION, OperatorListApi
from apps.core.api import ErrorSerializer

from . import operators
from .models import Status
from .services import office


class IsFacilityOperator(permissions.BasePermission):
    message = _("Only operators' accounts may do this.")

    def has_permission(self, request, view):
        request.facility_operator = operators.acting_for(request.user, request.auth)
        return request.facility_operator is not None


class OperatorReportSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    reference = serializers.CharField()
    category = serializers.CharField(source="category.code")
    facility = serializers.IntegerField(source="facility_id")
    description = serializers.CharField()
    status = serializers.CharField()
    public_answer = serializers.CharField()
    created_at = serializers.DateTimeField()
    acknowledge_due = serializers.DateTimeField()
    resolve_due = serializers.DateTimeField()


@extend_schema(tags=["operators"], summary="Problem reports about your facilities")
class OperatorReportListApi(OperatorListApi):
    """Open reports first, most urgent first; never the reporter's contact."""

    permission_classes = [permissions.IsAuthenticated, IsFacilityOperator]
    serializer_class = OperatorReportSerializer

    def get_queryset(self):
        return (office.operator_reports(self.request.facility_operator).select_related("category")
                .only("id", "category__code", "facility_id", "description", "status", "public_answer",
                      "created_at", "acknowledge_due", "resolve_due")
                .order_by("-is_open", "resolve_due", "id"))


class OperatorStatusApi(APIView):
    """Acknowledge, start or resolve one of the reports about your facilities."""

    authentication_classes = OPERATOR_AUTHENTICATION
    permission_classes = [permissions.IsAuthenticated, IsFacilityOperator]

    class InputSerializer(serializers.Serializer):
        status = serializers.ChoiceField(choices=[(s.value, s.label) for s in office.OPERATOR_STATUSES])
        public_answer = serializers.CharField(max_length=2000)

    @extend_schema(tags=["operators"], summary="Answer a problem report", request=InputSerializer,
                   responses={200: OperatorReportSerializer, 400: OpenApiResponse(description="invalid status"),
                              401: ErrorSerializer, 403: ErrorSerializer,
                              404: OpenApiResponse(ErrorSerializer, description="not a report about your facilities")})
    def post(self, request, pk: int):
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        report = office.operator_transition(
            report_id=pk, acting=request.facility_operator, actor=request.user,
            to_status=Status(data.validated_data["status"]), public_answer=data.validated_data["public_answer"],
        )
        return Response(OperatorReportSerializer(report).data)
