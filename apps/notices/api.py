"""``/api/v1/notices/``: the caller's own in-app notices, read marks, preferences, and the
verification of their email address and mobile number."""

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, serializers, status
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from apps.accounts.api import client_ip
from apps.core.api import StrictTimeField

from . import rendering, selectors, services
from .models import Frequency, Notice
from .selectors import VERIFIABLE
from .services import verification
from .services.preferences import CHOOSABLE_CHANNELS
from .tokens import absolute


class NoticeOutputSerializer(serializers.ModelSerializer):
    kind = serializers.CharField(source="event.kind")
    title = serializers.SerializerMethodField()
    body = serializers.SerializerMethodField()
    link = serializers.SerializerMethodField()
    read = serializers.BooleanField(source="is_read")

    class Meta:
        model = Notice
        fields = ["id", "kind", "title", "body", "link", "created_at", "read", "read_at"]

    def _message(self, notice) -> rendering.Message:
        cache = self.context.setdefault("_messages", {})
        if notice.pk not in cache:
            # in the language of the request, which is the reader's
            cache[notice.pk] = rendering.render(event=notice.event, parts=("subject", "body"))
        return cache[notice.pk]

    def get_title(self, notice) -> str:
        return self._message(notice).subject

    def get_body(self, notice) -> str:
        return self._message(notice).body

    def get_link(self, notice) -> str:
        return notice.event.link


class NoticeListApi(generics.ListAPIView):
    """The caller's own in-app notices, newest first. ``?unread=true`` for unread only."""

    permission_classes = [IsAuthenticated]
    serializer_class = NoticeOutputSerializer
    filter_backends: list = []

    def get_queryset(self):
        unread = self.request.query_params.get("unread", "").lower() in ("1", "true", "yes")
        return selectors.inbox(user=self.request.user, unread_only=unread)

    @extend_schema(
        summary="My notices",
        parameters=[OpenApiParameter("unread", bool, description="only unread notices")],
    )
    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        response.data["unread_count"] = selectors.unread_count(user=request.user)
        return response


class NoticeReadApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(request=None, responses={200: NoticeOutputSerializer}, summary="Mark a notice read")
    def post(self, request, pk: int):
        get_object_or_404(Notice.objects.in_app().for_recipient(request.user), pk=pk)
        notice = services.notice_mark_read(user=request.user, notice_id=pk)
        notice = Notice.objects.select_related("event").get(pk=notice.pk)
        return Response(NoticeOutputSerializer(notice, context={"request": request}).data)


class NoticeReadAllApi(APIView):
    permission_classes = [IsAuthenticated]

    class OutputSerializer(serializers.Serializer):
        marked = serializers.IntegerField()
        unread_count = serializers.IntegerField()

    @extend_schema(request=None, responses={200: OutputSerializer}, summary="Mark all my notices read")
    def post(self, request):
        marked = services.notices_mark_all_read(user=request.user)
        return Response({"marked": marked, "unread_count": 0})


class PreferencesApi(APIView):
    """How often each channel brings notices (in-app is always on), and SMS quiet hours
    (Beijing time; both or neither)."""

    permission_classes = [IsAuthenticated]

    class InputSerializer(serializers.Serializer):
        email = serializers.ChoiceField(choices=Frequency.choices, required=False)
        sms = serializers.ChoiceField(choices=Frequency.choices, required=False)
        # issue 10: a form-encoded body is read as the schema says (one value, "" is no time)
        sms_quiet_start = StrictTimeField(required=False, allow_null=True)
        sms_quiet_end = StrictTimeField(required=False, allow_null=True)

    class OutputSerializer(serializers.Serializer):
        in_app = serializers.CharField()
        email = serializers.CharField()
        sms = serializers.CharField()
        sms_quiet_start = serializers.TimeField(allow_null=True)
        sms_quiet_end = serializers.TimeField(allow_null=True)
        unsubscribe_note = serializers.CharField()
        # issue 18 item 8: email and SMS notices go only to a verified address
        email_verified = serializers.BooleanField()
        sms_verified = serializers.BooleanField()

    def _output(self, user):
        data = services.preferences_for(user=user)
        verification = selectors.verification_status(user=user)
        data.update(
            sms_quiet_start=user.sms_quiet_start, sms_quiet_end=user.sms_quiet_end,
            unsubscribe_note=absolute("/notices/preferences/"),
            email_verified=verification["email"]["verified"], sms_verified=verification["sms"]["verified"],
        )
        return self.OutputSerializer(data).data

    @extend_schema(responses={200: OutputSerializer}, summary="My notice preferences")
    def get(self, request):
        return Response(self._output(request.user))

    @extend_schema(request=InputSerializer, responses={200: OutputSerializer}, summary="Change my notice preferences")
    def patch(self, request):
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        quiet = "sms_quiet_start" in values or "sms_quiet_end" in values
        services.preferences_update(
            user=request.user,
            frequencies={channel: values[channel] for channel in CHOOSABLE_CHANNELS if channel in values},
            quiet_start=values.get("sms_quiet_start", request.user.sms_quiet_start),
            quiet_end=values.get("sms_quiet_end", request.user.sms_quiet_end),
            set_quiet_hours=quiet,
        )
        request.user.refresh_from_db()
        return Response(self._output(request.user), status=status.HTTP_200_OK)

    put = patch


class VerificationStatusSerializer(serializers.Serializer):
    has_address = serializers.BooleanField()
    verified = serializers.BooleanField()
    code_pending = serializers.BooleanField()
    code_expires_at = serializers.DateTimeField(allow_null=True)


class VerificationApi(APIView):
    """Verifying the account's email address and mobile number (issue 18 item 8): until a
    channel's address is verified, notices come in-app only. ``GET`` shows where each
    channel stands; ``POST {"channel": "email"|"sms"}`` sends a one-time code to the
    account's current address (``429`` with ``Retry-After`` when asked for too often)."""

    permission_classes = [IsAuthenticated]

    class InputSerializer(serializers.Serializer):
        channel = serializers.ChoiceField(choices=[(c, c) for c in VERIFIABLE])

    class OutputSerializer(serializers.Serializer):
        email = VerificationStatusSerializer()
        sms = VerificationStatusSerializer()

    @extend_schema(responses={200: OutputSerializer}, summary="Where verification of my email and phone stands")
    def get(self, request):
        return Response(self.OutputSerializer(selectors.verification_status(user=request.user)).data)

    @extend_schema(request=InputSerializer, responses={202: OutputSerializer}, summary="Send me a verification code")
    def post(self, request):
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            verification.contact_code_request(
                user=request.user, channel=data.validated_data["channel"], ip=client_ip(request))
        except verification.VerificationThrottled as exc:
            return Response({"detail": exc.message}, status=status.HTTP_429_TOO_MANY_REQUESTS,
                            headers={"Retry-After": str(exc.retry_after)})
        return Response(self.OutputSerializer(selectors.verification_status(user=request.user)).data,
                        status=status.HTTP_202_ACCEPTED)


class VerificationConfirmApi(APIView):
    """``POST {"channel", "code"}``: the code sent to the account's address; on success the
    address is verified and notices may go to it."""

    permission_classes = [IsAuthenticated]

    class InputSerializer(serializers.Serializer):
        channel = serializers.ChoiceField(choices=[(c, c) for c in VERIFIABLE])
        code = serializers.CharField(max_length=20)

    @extend_schema(request=InputSerializer, responses={200: VerificationApi.OutputSerializer},
                   summary="Enter a verification code")
    def post(self, request):
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        verification.contact_code_confirm(user=request.user, channel=data.validated_data["channel"],
                                          code=data.validated_data["code"], ip=client_ip(request))
        return Response(VerificationApi.OutputSerializer(selectors.verification_status(user=request.user)).data)
