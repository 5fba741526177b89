"""Housing-swap API (CONTRACT §4): rounds, projects, eligibility, the caller's own
applications, documents and withdrawal. Staff decisions are made in the admin."""

from django.http import FileResponse, Http404
from django.utils.cache import add_never_cache_headers
from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers, status
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from apps.core.downloads import as_download
from apps.core.throttles import ScopedUserAndAddressThrottle

from . import filetypes, selectors, services
from .masks import masked
from .models import (
    MAX_LENGTH,
    Application,
    ApplicationDocument,
    District,
    DocumentKind,
    NewHomeProject,
    Ownership,
    Round,
)


class NoStoreMixin:
    """Responses that may carry personal data are never cached anywhere."""

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        add_never_cache_headers(response)
        return response


# --- rounds and projects ------------------------------------------------------------

class ProjectOutput(serializers.ModelSerializer):
    url = serializers.SerializerMethodField()

    class Meta:
        model = NewHomeProject
        fields = [
            "id", "code", "name", "name_en", "developer", "location", "sub_district", "unit_types",
            "price_min", "price_max", "units_available", "is_partner", "description", "fact_note",
            "is_illustrative", "url",
            # issue 19: the English forms of what a resident reads
            "developer_en", "location_en", "unit_types_en", "description_en", "fact_note_en",
        ]

    def get_url(self, obj) -> str:
        return f"/housing-swap/#project-{obj.pk}"


class RoundOutput(serializers.ModelSerializer):
    eligible_areas = serializers.SerializerMethodField()
    projects = serializers.SerializerMethodField()
    is_open = serializers.SerializerMethodField()

    class Meta:
        model = Round
        fields = [
            "id", "number", "title", "title_en", "description", "opens_at", "closes_at", "status",
            "is_open", "eligible_areas", "min_area_m2", "max_area_m2", "min_building_age_years",
            "allowed_ownership", "quota", "required_document_kinds", "voucher_validity_days",
            "projects", "source_note", "is_illustrative", "description_en", "source_note_en",
        ]

    def get_eligible_areas(self, obj) -> dict:
        return {
            "districts": [{"code": c, "name": str(dict(District.choices).get(c, c))} for c in obj.eligible_districts],
            "sub_districts": [{"id": s.pk, "name": s.display_name} for s in obj.eligible_sub_districts.all()],
        }

    def get_projects(self, obj) -> list[int]:
        return [p.pk for p in obj.projects.all()]

    def get_is_open(self, obj) -> bool:
        return obj.is_open()


class RoundList(generics.ListAPIView):
    serializer_class = RoundOutput
    queryset = selectors.rounds_public()
    filterset_fields = ["status"]


class RoundDetail(generics.RetrieveAPIView):
    serializer_class = RoundOutput
    queryset = selectors.rounds_public()


class ProjectList(generics.ListAPIView):
    serializer_class = ProjectOutput
    queryset = selectors.projects_public()
    filterset_fields = ["rounds", "is_partner"]


class ProjectDetail(generics.RetrieveAPIView):
    serializer_class = ProjectOutput
    queryset = selectors.projects_public()


# --- eligibility --------------------------------------------------------------------

class OldHomeInput(serializers.Serializer):
    round = serializers.PrimaryKeyRelatedField(queryset=Round.objects.public())
    old_home_district = serializers.ChoiceField(choices=District.choices, required=False)
    old_home_sub_district = serializers.IntegerField(required=False, allow_null=True)
    old_home_area_m2 = serializers.DecimalField(max_digits=9, decimal_places=2, required=False, allow_null=True)
    old_home_building_year = serializers.IntegerField(required=False, allow_null=True)
    old_home_ownership = serializers.ChoiceField(choices=Ownership.choices, required=False, allow_blank=True)


class EligibilityOutput(serializers.Serializer):
    round = serializers.IntegerField()
    eligible = serializers.BooleanField()
    failures = serializers.ListField(child=serializers.DictField())
    unverified = serializers.ListField(child=serializers.CharField())


class Eligibility(APIView):
    permission_classes = []

    @extend_schema(request=OldHomeInput, responses=EligibilityOutput, summary="Check an old home against a round's rules")
    def post(self, request):
        data = OldHomeInput(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        round_ = values.pop("round")
        result = services.eligibility_check(round_=round_, data=values)
        return Response({"round": round_.pk, **result.as_dict()})


# --- applications -------------------------------------------------------------------

class MemberInput(serializers.Serializer):
    name = serializers.CharField(max_length=MAX_LENGTH["member_name"])
    relationship = serializers.CharField(max_length=MAX_LENGTH["member_relationship"])
    birth_year = serializers.IntegerField(required=False, allow_null=True)
    id_number = serializers.CharField(max_length=40, required=False, allow_blank=True)


class ApplicationInput(serializers.Serializer):
    round = serializers.PrimaryKeyRelatedField(queryset=Round.objects.public())
    applicant_name = serializers.CharField(max_length=MAX_LENGTH["applicant_name"])
    id_number = serializers.CharField(max_length=40)
    phone = serializers.CharField(max_length=40)
    old_home_address = serializers.CharField(max_length=MAX_LENGTH["old_home_address"])
    old_home_certificate_no = serializers.CharField(max_length=MAX_LENGTH["old_home_certificate_no"])
    old_home_area_m2 = serializers.DecimalField(max_digits=9, decimal_places=2)
    household_size = serializers.IntegerField()
    desired_project = serializers.PrimaryKeyRelatedField(queryset=NewHomeProject.objects.all(), required=False, allow_null=True)
    consent = serializers.BooleanField()
    old_home_district = serializers.ChoiceField(choices=District.choices, required=False)
    old_home_sub_district = serializers.IntegerField(required=False, allow_null=True)
    old_home_building_year = serializers.IntegerField(required=False, allow_null=True)
    old_home_ownership = serializers.ChoiceField(choices=Ownership.choices, required=False, allow_blank=True)
    is_proxy = serializers.BooleanField(required=False, default=False)
    proxy_name = serializers.CharField(max_length=MAX_LENGTH["proxy_name"], required=False, allow_blank=True)
    proxy_relationship = serializers.CharField(max_length=MAX_LENGTH["proxy_relationship"], required=False, allow_blank=True)
    proxy_id_number = serializers.CharField(
        max_length=40, required=False, allow_blank=True,
        help_text="Your own resident ID number when you apply for a relative (is_proxy): required then.")
    household_members = MemberInput(many=True, required=False)


class DocumentOutput(serializers.ModelSerializer):
    kind_label = serializers.CharField(source="get_kind_display")
    url = serializers.SerializerMethodField()

    class Meta:
        model = ApplicationDocument
        fields = ["id", "kind", "kind_label", "content_type", "size", "uploaded_at", "url"]

    def get_url(self, obj) -> str:
        return f"/api/v1/housing-swap/applications/{obj.application_id}/documents/{obj.pk}/file/"


class ApplicationOutput(serializers.ModelSerializer):
    round_number = serializers.IntegerField(source="round.number")
    status_label = serializers.CharField(source="get_status_display")
    applicant_name = serializers.SerializerMethodField()
    id_number = serializers.SerializerMethodField()
    phone = serializers.SerializerMethodField()
    old_home_certificate_no = serializers.SerializerMethodField()
    proxy_id_number = serializers.SerializerMethodField()
    old_home_area_m2 = serializers.DecimalField(max_digits=9, decimal_places=2, coerce_to_string=False, allow_null=True)
    household_members = serializers.SerializerMethodField()
    documents = DocumentOutput(many=True)
    missing_document_kinds = serializers.ListField(child=serializers.CharField())
    timeline = serializers.SerializerMethodField()
    vouchers = serializers.SerializerMethodField()
    url = serializers.CharField(source="page_url")

    class Meta:
        model = Application
        fields = [
            "id", "reference", "round", "round_number", "status", "status_label", "applicant_name",
            "id_number", "phone", "is_proxy", "proxy_relationship", "proxy_id_number", "old_home_district",
            "old_home_sub_district", "old_home_address", "old_home_certificate_no", "old_home_area_m2",
            "old_home_building_year", "old_home_ownership", "household_size", "household_members",
            "desired_project", "consent", "consent_version", "created_at", "submitted_at",
            "requested_document_kinds", "appraisal_at", "valuation_amount", "decision_reason",
            "documents", "missing_document_kinds", "timeline", "vouchers", "url",
        ]

    def get_applicant_name(self, obj) -> str:
        return masked(obj, "applicant_name")

    def get_id_number(self, obj) -> str:
        return masked(obj, "id_number")

    def get_phone(self, obj) -> str:
        return masked(obj, "phone")

    def get_old_home_certificate_no(self, obj) -> str:
        return masked(obj, "old_home_certificate_no")

    def get_proxy_id_number(self, obj) -> str:
        return masked(obj, "proxy_id_number")

    def get_household_members(self, obj) -> list[dict]:
        return [
            {"name": masked(m, "name"), "relationship": m.relationship, "birth_year": m.birth_year,
             "id_number": masked(m, "id_number")}
            for m in obj.members.all()
        ]

    def get_timeline(self, obj) -> list[dict]:
        # Public part of the events only: internal notes never leave the back office.
        return [
            {"from": e.from_status, "to": e.to_status, "at": e.created_at, "note": e.public_note}
            for e in obj.events.all()
        ]

    def get_vouchers(self, obj) -> list[dict]:
        return [
            {"code": v.code, "amount": str(v.amount), "status": v.status, "issued_at": v.issued_at, "expires_at": v.expires_at}
            for v in obj.vouchers.all()
        ]


def _own_application(request, pk) -> Application:
    try:
        return selectors.application_for_applicant(request.user, pk)
    except Application.DoesNotExist:
        raise Http404 from None


class ApplicationListCreate(NoStoreMixin, generics.ListAPIView):
    permission_classes = [IsAuthenticated]
    serializer_class = ApplicationOutput
    throttle_scope = "application_submit"

    def get_queryset(self):
        return selectors.applications_of(self.request.user).prefetch_related("events").order_by("-created_at", "-id")

    def get_throttles(self):
        # issue 10: per account and per client address (apps/core/throttles.py)
        return [ScopedUserAndAddressThrottle()] if self.request.method == "POST" else []

    @extend_schema(request=ApplicationInput, responses={201: ApplicationOutput}, summary="Apply (validated and submitted in one call)")
    def post(self, request):
        data = ApplicationInput(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        round_ = values.pop("round")
        values["members"] = [dict(m) for m in values.pop("household_members", [])]
        application = services.application_submit_new(round_=round_, applicant=request.user, data=values)
        application = selectors.application_for_applicant(request.user, application.pk)
        return Response(ApplicationOutput(application).data, status=status.HTTP_201_CREATED)


class ApplicationDetail(NoStoreMixin, APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(responses=ApplicationOutput, summary="One of the caller's own applications")
    def get(self, request, pk: int):
        return Response(ApplicationOutput(_own_application(request, pk)).data)


class DocumentInput(serializers.Serializer):
    file = serializers.FileField()
    kind = serializers.ChoiceField(choices=DocumentKind.choices)


class ApplicationDocuments(NoStoreMixin, APIView):
    permission_classes = [IsAuthenticated]
    parser_classes = [MultiPartParser, FormParser]

    @extend_schema(responses=DocumentOutput(many=True), summary="Documents of one's own application")
    def get(self, request, pk: int):
        application = _own_application(request, pk)
        return Response(DocumentOutput(application.documents.all(), many=True).data)

    @extend_schema(request=DocumentInput, responses={201: DocumentOutput}, summary="Upload a document (PDF, JPEG or PNG, at most 10 MB)")
    def post(self, request, pk: int):
        application = _own_application(request, pk)
        data = DocumentInput(data=request.data)
        data.is_valid(raise_exception=True)
        document = services.document_upload(
            application=application, kind=data.validated_data["kind"], upload=data.validated_data["file"],
            actor=request.user,
        )
        return Response(DocumentOutput(document).data, status=status.HTTP_201_CREATED)


class ApplicationDocumentFile(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(responses={(200, "application/octet-stream"): bytes}, summary="Download one's own document")
    def get(self, request, pk: int, document_pk: int):
        application = _own_application(request, pk)
        document = application.documents.filter(pk=document_pk).first()
        if document is None:
            raise Http404
        handle = services.document_open(document=document, viewer=request.user)
        response = FileResponse(handle, content_type=document.content_type)
        return as_download(response, filename=filetypes.download_name(document), private=True)


class WithdrawInput(serializers.Serializer):
    note = serializers.CharField(required=False, allow_blank=True, max_length=500)


class ApplicationWithdraw(NoStoreMixin, APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(request=WithdrawInput, responses=ApplicationOutput, summary="Withdraw one's own application")
    def post(self, request, pk: int):
        application = _own_application(request, pk)
        data = WithdrawInput(data=request.data)
        data.is_valid(raise_exception=True)
        services.application_withdraw(application=application, actor=request.user, note=data.validated_data.get("note", ""))
        return Response(ApplicationOutput(selectors.application_for_applicant(request.user, pk)).data)
